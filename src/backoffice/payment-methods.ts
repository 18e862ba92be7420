import { z } from 'zod';
import type { ConnectionCheckStep, PaymentMethod } from '../connectors/partner-port.js';
import { openPartnerSettings, sealPartnerSettings } from '../connectors/sealed-settings.js';
import type { Contract, PointOfSale, SealedPartnerSettings } from '../domain/merchant.js';
import { buildContract } from '../merchants/configure-contract.js';
import { DuplicateKeyError } from '../ports/duplicate-key-error.js';
import type { Actor } from './actor.js';
import { auditedChange } from './audit.js';
import type { BackOfficeDeps } from './deps.js';
import { BackOfficeError, FormRejected, rejectField, type FieldProblem } from './errors.js';
import { checkbox, optionalText, parseForm, printable, problemsOf, requiredText } from './form-input.js';
import { merchantInScope, pointsOfSaleInReach, reachesPointOfSale, requireCapability } from './policy.js';
import { delayWarnings, type DelayWarning } from './points-of-sale.js';
import { settingsFields, type SettingsField } from './settings-fields.js';

type Deps = Pick<
  BackOfficeDeps,
  'merchants' | 'atomically' | 'clock' | 'ids' | 'paymentMethods' | 'partners' | 'secrets' | 'homologation'
>;

/** The currencies a contract may have (numeric ISO 4217): the partners take euros only. */
export const CONTRACT_CURRENCIES = [{ code: 978, name: 'Euro' }] as const;

/** Where a contract's partner is: its own settings, or (homologation) the embedded simulator. */
export type PartnerConnectionKind = 'settings' | 'simulator' | 'none';

export interface PaymentMethodView {
  contract: Contract;
  method: PaymentMethod | undefined;
  pointOfSale: PointOfSale | undefined;
  /** The method's settings fields; secret ones carry only whether they are set. */
  fields: SettingsField[];
  /** Stored values of the non-secret fields. */
  values: Record<string, string>;
  secretsSet: string[];
  connection: PartnerConnectionKind;
  warnings: DelayWarning[];
}

/** A PaymentMethodView's `contract` never carries the sealed settings out of the use case. */
function view(deps: Deps, contract: Contract, pointsOfSale: PointOfSale[], contracts: Contract[]): PaymentMethodView {
  const method = deps.paymentMethods.byCardCode(contract.cardCode);
  const pointOfSale = pointsOfSale.find((p) => p.id === contract.pointOfSaleId);
  const fields = method ? settingsFields(method) : [];
  const stored = contract.partnerSettings ?? {};
  const values: Record<string, string> = {};
  for (const f of fields) if (!f.secret && typeof stored[f.name] === 'string') values[f.name] = String(stored[f.name]);
  return {
    contract: { ...contract, partnerSettings: undefined },
    method,
    pointOfSale,
    fields,
    values,
    secretsSet: fields.filter((f) => f.secret && stored[f.name] !== undefined).map((f) => f.name),
    connection: contract.partnerSettings ? 'settings' : deps.homologation ? 'simulator' : 'none',
    warnings: pointOfSale ? delayWarnings(deps.paymentMethods, pointOfSale, contracts) : [],
  };
}

async function scope(deps: Deps, actor: Actor, named: string | undefined) {
  requireCapability(actor.user, 'configuration.read');
  const merchantId = merchantInScope(actor.user, named);
  const [pointsOfSale, contracts] = await Promise.all([
    deps.merchants.listPointsOfSale(merchantId),
    deps.merchants.listContracts(merchantId),
  ]);
  const reachable = pointsOfSaleInReach(actor.user, pointsOfSale);
  return {
    merchantId,
    pointsOfSale: reachable,
    contracts: contracts.filter((c) => reachesPointOfSale(actor.user, c.pointOfSaleId)),
    allContracts: contracts,
  };
}

/** The contracts of the points of sale in the actor's reach, and those points of sale (for the forms). */
export async function listPaymentMethods(deps: Deps, actor: Actor, named: string | undefined) {
  const s = await scope(deps, actor, named);
  return {
    merchantId: s.merchantId,
    pointsOfSale: s.pointsOfSale,
    methods: s.contracts.map((c) => view(deps, c, s.pointsOfSale, s.allContracts)),
  };
}

export async function getPaymentMethod(deps: Deps, actor: Actor, named: string | undefined, contractNumber: string) {
  const s = await scope(deps, actor, named);
  const contract = s.contracts.find((c) => c.contractNumber === contractNumber);
  if (!contract) throw new BackOfficeError('not-found', 'no such contract');
  return { pointsOfSale: s.pointsOfSale, method: view(deps, contract, s.pointsOfSale, s.allContracts) };
}

/** The method's part of a form: `partner.<field>` values, empty ones left out. */
function givenSettings(body: unknown, fields: SettingsField[]): Record<string, string> {
  const form = (body ?? {}) as Record<string, unknown>;
  const given: Record<string, string> = {};
  for (const f of fields) {
    const value = form[`partner.${f.name}`];
    if (typeof value !== 'string' || value.trim() === '') continue;
    if (!printable(value)) rejectField(`partner.${f.name}`, 'invalid');
    given[f.name] = value.trim();
  }
  return given;
}

/**
 * The settings to store: those given, a secret left empty keeping the stored one, checked by
 * the method's schema and sealed. None at all (homologation: the embedded simulator) when the
 * form asks for the simulator, or gives nothing and nothing was stored.
 */
function settingsToStore(
  deps: Deps,
  method: PaymentMethod,
  body: unknown,
  stored: SealedPartnerSettings | undefined,
): SealedPartnerSettings | undefined {
  const fields = settingsFields(method);
  const given = givenSettings(body, fields);
  const useSimulator =
    deps.homologation && (body as Record<string, unknown> | undefined)?.['useSimulator'] !== undefined;
  if (useSimulator || (Object.keys(given).length === 0 && !stored && deps.homologation)) return undefined;
  const previous = stored ? openPartnerSettings(method, stored, deps.secrets) : {};
  const merged: Record<string, unknown> = { ...given };
  for (const f of fields)
    if (f.secret && merged[f.name] === undefined && previous[f.name] !== undefined) merged[f.name] = previous[f.name];
  const parsed = method.settings.safeParse(merged);
  if (!parsed.success) throw new FormRejected(problemsOf(parsed.error, 'partner.'));
  return sealPartnerSettings(method, parsed.data, deps.secrets);
}

const informations = z.object({
  active: checkbox,
  label: optionalText(100),
  currency: z
    .string({ error: 'required' })
    .refine((v) => CONTRACT_CURRENCIES.some((c) => String(c.code) === v), { error: 'invalid' })
    .transform(Number),
  pointOfSaleId: z.string({ error: 'required' }).min(1, { error: 'required' }).max(100),
  description: optionalText(200),
  partnerContractId: requiredText(100),
  tradeName: optionalText(100),
});

const numbering = z.object({
  contractNumber: requiredText(64).pipe(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'contract-number' })),
});
const methodChoice = z.object({ cardCode: z.string({ error: 'required' }).min(1, { error: 'required' }) });

/** Every field's problem at once: the form comes back with all of them, not one at a time. */
function parseAll(parts: (() => unknown)[]): void {
  const problems: Record<string, FieldProblem> = {};
  for (const part of parts) {
    try {
      part();
    } catch (err) {
      if (!(err instanceof FormRejected)) throw err;
      for (const [k, v] of Object.entries(err.problems)) problems[k] ??= v;
    }
  }
  if (Object.keys(problems).length) throw new FormRejected(problems);
}

const contractAudit = (c: Contract) => ({
  active: c.active,
  label: c.label,
  cardCode: c.cardCode,
  currency: c.currency,
  pointOfSaleId: c.pointOfSaleId,
  description: c.description ?? null,
  partnerContractId: c.partnerContractId,
  tradeName: c.tradeName ?? null,
  partner: c.partnerSettings ? { ...c.partnerSettings } : 'embedded simulator',
});

function pointOfSaleIn(s: { pointsOfSale: PointOfSale[] }, id: string) {
  if (!s.pointsOfSale.some((p) => p.id === id)) rejectField('pointOfSaleId', 'unknown-point-of-sale');
}

export async function createPaymentMethod(deps: Deps, actor: Actor, named: string | undefined, body: unknown) {
  requireCapability(actor.user, 'configuration.edit');
  const s = await scope(deps, actor, named);
  let info!: z.output<typeof informations>;
  let contractNumber!: string;
  let method: PaymentMethod | undefined;
  let partnerSettings: SealedPartnerSettings | undefined;
  parseAll([
    () => (info = parseForm(informations, body)),
    () => (contractNumber = parseForm(numbering, body).contractNumber),
    () => {
      method = deps.paymentMethods.byCardCode(parseForm(methodChoice, body).cardCode);
      if (!method) rejectField('cardCode', 'invalid');
    },
    () => info && pointOfSaleIn(s, info.pointOfSaleId),
    () => method && (partnerSettings = settingsToStore(deps, method, body, undefined)),
  ]);
  const contract = buildContract({
    merchantId: s.merchantId,
    contractNumber,
    cardCode: method!.cardCode,
    ...info,
    label: info.label ?? contractNumber,
    partnerSettings,
  });
  try {
    await auditedChange(deps, actor, (tx) => tx.merchants.createContract(contract), {
      action: 'payment-method.create',
      merchantId: s.merchantId,
      target: contract.contractNumber,
      after: contractAudit(contract),
      secretFields: method!.secretSettings,
    });
  } catch (err) {
    if (err instanceof DuplicateKeyError) rejectField('contractNumber', 'taken');
    throw err;
  }
  return contract;
}

export async function updatePaymentMethod(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  contractNumber: string,
  body: unknown,
) {
  requireCapability(actor.user, 'configuration.edit');
  const s = await scope(deps, actor, named);
  const before = s.contracts.find((c) => c.contractNumber === contractNumber);
  if (!before) throw new BackOfficeError('not-found', 'no such contract');
  const method = deps.paymentMethods.byCardCode(before.cardCode);
  if (!method) throw new BackOfficeError('not-found', 'this contract pays with a method the gateway no longer offers');
  let info!: z.output<typeof informations>;
  let partnerSettings: SealedPartnerSettings | undefined;
  parseAll([
    () => (info = parseForm(informations, body)),
    () => info && pointOfSaleIn(s, info.pointOfSaleId),
    () => (partnerSettings = settingsToStore(deps, method, body, before.partnerSettings)),
  ]);
  const after: Contract = {
    ...before,
    ...info,
    label: info.label ?? before.contractNumber,
    tradeName: info.tradeName,
    description: info.description,
    partnerSettings,
  };
  await auditedChange(deps, actor, (tx) => tx.merchants.updateContract(after), {
    action: 'payment-method.update',
    merchantId: s.merchantId,
    target: contractNumber,
    before: contractAudit(before),
    after: contractAudit(after),
    secretFields: method.secretSettings,
  });
  return after;
}

/**
 * "Test the connection": the partner's harmless reads with the contract's stored settings. For
 * those who configure it only: it spends the merchant's API key on the partner's API.
 */
export async function testPaymentMethodConnection(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  contractNumber: string,
): Promise<ConnectionCheckStep[]> {
  requireCapability(actor.user, 'configuration.edit');
  const { method } = await getPaymentMethod(deps, actor, named, contractNumber);
  const connection = await deps.partners.connect(method.contract.merchantId, contractNumber);
  if (!connection) return [{ name: 'connect', ok: false, detail: 'no partner settings (and no simulator to use)' }];
  return connection.checkConnection();
}
