import { z } from 'zod';
import type { PaymentMethods } from '../connectors/partner-port.js';
import type { Contract, PointOfSale } from '../domain/merchant.js';
import { createPointOfSale } from '../merchants/configure-contract.js';
import { DuplicateKeyError } from '../ports/duplicate-key-error.js';
import type { Actor } from './actor.js';
import { auditedChange } from './audit.js';
import type { BackOfficeDeps } from './deps.js';
import { BackOfficeError, rejectField } from './errors.js';
import { minutes, optionalHttpUrl, parseForm, requiredText } from './form-input.js';
import {
  merchantInScope,
  pointsOfSaleInReach,
  reachesPointOfSale,
  requireCapability,
  requireWholeMerchant,
} from './policy.js';

type Deps = Pick<BackOfficeDeps, 'merchants' | 'atomically' | 'clock' | 'ids' | 'paymentMethods'>;

/** A point of sale whose delay is not the one a payment method it offers requires. */
export interface DelayWarning {
  /** The payment method's name, e.g. Payconiq by Bancontact. */
  method: string;
  requiredMinutes: number;
}

export interface PointOfSaleView {
  pointOfSale: PointOfSale;
  /** Its contracts (active or not). */
  contracts: Contract[];
  warnings: DelayWarning[];
}

/** The delay each payment method offered at the point of sale requires, where it differs. */
export function delayWarnings(
  methods: PaymentMethods,
  pointOfSale: Pick<PointOfSale, 'id' | 'paymentDelayMinutes'>,
  contracts: readonly Contract[],
): DelayWarning[] {
  const warnings = new Map<string, DelayWarning>();
  for (const c of contracts.filter((c) => c.pointOfSaleId === pointOfSale.id)) {
    const method = methods.byCardCode(c.cardCode);
    const required = method?.requiredPaymentDelayMinutes;
    if (method && required !== undefined && required !== pointOfSale.paymentDelayMinutes)
      warnings.set(method.cardCode, { method: method.displayName, requiredMinutes: required });
  }
  return [...warnings.values()];
}

const form = z.object({
  label: requiredText(100),
  paymentDelayMinutes: minutes,
  notificationUrl: optionalHttpUrl,
});

/** The points of sale in the actor's reach, each with its contracts and delay warnings. */
export async function listPointsOfSale(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
): Promise<PointOfSaleView[]> {
  requireCapability(actor.user, 'configuration.read');
  const merchantId = merchantInScope(actor.user, named);
  const [all, contracts] = await Promise.all([
    deps.merchants.listPointsOfSale(merchantId),
    deps.merchants.listContracts(merchantId),
  ]);
  return pointsOfSaleInReach(actor.user, all).map((pointOfSale) => ({
    pointOfSale,
    contracts: contracts.filter((c) => c.pointOfSaleId === pointOfSale.id),
    warnings: delayWarnings(deps.paymentMethods, pointOfSale, contracts),
  }));
}

export async function getPointOfSale(deps: Deps, actor: Actor, named: string | undefined, id: string) {
  const found = (await listPointsOfSale(deps, actor, named)).find((p) => p.pointOfSale.id === id);
  if (!found) throw new BackOfficeError('not-found', 'no such point of sale');
  return found;
}

const posAudit = (p: PointOfSale) => ({
  label: p.label,
  paymentDelayMinutes: p.paymentDelayMinutes,
  notificationUrl: p.notificationUrl ?? null,
});

async function uniqueLabel<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof DuplicateKeyError) return rejectField('label', 'taken');
    throw err;
  }
}

export async function createPointOfSaleFor(deps: Deps, actor: Actor, named: string | undefined, body: unknown) {
  requireCapability(actor.user, 'configuration.edit');
  requireWholeMerchant(actor.user);
  const merchantId = merchantInScope(actor.user, named);
  const input = parseForm(form, body);
  return uniqueLabel(() =>
    auditedChange(
      deps,
      actor,
      (tx) => createPointOfSale({ ids: deps.ids, merchants: tx.merchants }, { merchantId, ...input }),
      (pos) => ({ action: 'point-of-sale.create', merchantId, target: pos.id, after: posAudit(pos) }),
    ),
  );
}

export async function updatePointOfSale(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  id: string,
  body: unknown,
) {
  requireCapability(actor.user, 'configuration.edit');
  const merchantId = merchantInScope(actor.user, named);
  const before = (await deps.merchants.listPointsOfSale(merchantId)).find((p) => p.id === id);
  if (!before || !reachesPointOfSale(actor.user, id)) throw new BackOfficeError('not-found', 'no such point of sale');
  const input = parseForm(form, body);
  const after: PointOfSale = { ...before, ...input, notificationUrl: input.notificationUrl };
  await uniqueLabel(() =>
    auditedChange(deps, actor, (tx) => tx.merchants.updatePointOfSale(after), {
      action: 'point-of-sale.update',
      merchantId,
      target: id,
      before: posAudit(before),
      after: posAudit(after),
    }),
  );
  return after;
}
