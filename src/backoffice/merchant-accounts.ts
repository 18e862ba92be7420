import { z } from 'zod';
import type { Merchant } from '../domain/merchant.js';
import { createMerchant } from '../merchants/create-merchant.js';
import { DuplicateKeyError } from '../ports/duplicate-key-error.js';
import type { Actor } from './actor.js';
import { auditedChange } from './audit.js';
import type { BackOfficeDeps } from './deps.js';
import { BackOfficeError, rejectField } from './errors.js';
import { optionalText, parseForm, requiredText } from './form-input.js';
import { merchantInScope, requireCapability } from './policy.js';

type Deps = Pick<BackOfficeDeps, 'merchants' | 'atomically' | 'clock' | 'ids'>;

const accountFields = { companyName: requiredText(), tradeName: requiredText() };
const accountView = (m: Merchant) => ({ companyName: m.companyName, tradeName: m.tradeName });

/** Operators: every merchant. */
export async function listMerchants(deps: Pick<Deps, 'merchants'>, actor: Actor): Promise<Merchant[]> {
  requireCapability(actor.user, 'merchants');
  return deps.merchants.listMerchants();
}

/** The merchant in the actor's scope (see merchantInScope), or not-found. */
export async function merchantOf(deps: Pick<Deps, 'merchants'>, actor: Actor, named: string | undefined) {
  requireCapability(actor.user, 'configuration.read');
  const merchant = await deps.merchants.getMerchant(merchantInScope(actor.user, named));
  if (!merchant) throw new BackOfficeError('not-found', 'no such merchant');
  return merchant;
}

/** Operators: a new merchant with its first access key, returned once. */
export async function createMerchantAccount(deps: Deps, actor: Actor, form: unknown) {
  requireCapability(actor.user, 'merchants');
  const input = parseForm(
    z.object({
      id: optionalText(64).pipe(
        z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'merchant-id' })
          .optional(),
      ),
      ...accountFields,
    }),
    form,
  );
  try {
    const { merchant, key } = await auditedChange(
      deps,
      actor,
      (tx) => createMerchant({ ...deps, merchants: tx.merchants }, input, { accessKey: { label: 'initial' } }),
      ({ merchant, key }) => ({
        action: 'merchant.create',
        merchantId: merchant.id,
        target: merchant.id,
        after: { ...accountView(merchant), accessKeyId: key.info.id },
      }),
    );
    return { merchant, accessKey: key.accessKey };
  } catch (err) {
    if (err instanceof DuplicateKeyError) return rejectField('id', 'taken');
    throw err;
  }
}

/** Company name and trade name (the soft-descriptor fallback of every contract without its own). */
export async function updateMerchantAccount(deps: Deps, actor: Actor, named: string | undefined, form: unknown) {
  requireCapability(actor.user, 'account.edit');
  const before = await merchantOf(deps, actor, named);
  const input = parseForm(z.object(accountFields), form);
  await auditedChange(deps, actor, (tx) => tx.merchants.updateMerchant({ id: before.id, ...input }), {
    action: 'merchant.update',
    merchantId: before.id,
    target: before.id,
    before: accountView(before),
    after: input,
  });
}
