import { z } from 'zod';
import { issueAccessKey } from '../merchants/access-keys.js';
import type { Actor } from './actor.js';
import { auditedChange } from './audit.js';
import type { BackOfficeDeps } from './deps.js';
import { BackOfficeError } from './errors.js';
import { parseForm, requiredText } from './form-input.js';
import { merchantInScope, requireCapability } from './policy.js';

type Deps = Pick<BackOfficeDeps, 'merchants' | 'atomically' | 'clock' | 'ids'>;

const labelForm = z.object({ label: requiredText(100) });
const keyId = z.object({ keyId: z.string().max(100).default('') });

export async function listAccessKeys(deps: Pick<Deps, 'merchants'>, actor: Actor, named: string | undefined) {
  requireCapability(actor.user, 'keys');
  return deps.merchants.listAccessKeys(merchantInScope(actor.user, named));
}

async function keyInScope(deps: Pick<Deps, 'merchants'>, merchantId: string, id: string) {
  const key = (await deps.merchants.listAccessKeys(merchantId)).find((k) => k.id === id);
  if (!key) throw new BackOfficeError('not-found', 'no such access key');
  return key;
}

/** A new key of the merchant: the clear key is returned once, only its hash is kept. */
export async function createAccessKey(deps: Deps, actor: Actor, named: string | undefined, form: unknown) {
  requireCapability(actor.user, 'keys');
  const merchantId = merchantInScope(actor.user, named);
  const { label } = parseForm(labelForm, form);
  return auditedChange(
    deps,
    actor,
    (tx) => issueAccessKey({ ...deps, merchants: tx.merchants }, merchantId, label),
    (issued) => ({ action: 'access-key.create', merchantId, target: issued.info.id, after: { label } }),
  );
}

export async function relabelAccessKey(deps: Deps, actor: Actor, named: string | undefined, form: unknown) {
  requireCapability(actor.user, 'keys');
  const merchantId = merchantInScope(actor.user, named);
  const before = await keyInScope(deps, merchantId, parseForm(keyId, form).keyId);
  const { label } = parseForm(labelForm, form);
  await auditedChange(deps, actor, (tx) => tx.merchants.relabelAccessKey(merchantId, before.id, label), {
    action: 'access-key.label',
    merchantId,
    target: before.id,
    before: { label: before.label },
    after: { label },
  });
}

export async function revokeAccessKey(deps: Deps, actor: Actor, named: string | undefined, form: unknown) {
  requireCapability(actor.user, 'keys');
  const merchantId = merchantInScope(actor.user, named);
  const key = await keyInScope(deps, merchantId, parseForm(keyId, form).keyId);
  const at = deps.clock.now();
  await auditedChange(
    deps,
    actor,
    async (tx) => {
      if (!(await tx.merchants.revokeAccessKey(merchantId, key.id, at)))
        throw new BackOfficeError('not-found', 'no such active access key');
    },
    { action: 'access-key.revoke', merchantId, target: key.id, before: { label: key.label }, after: { revokedAt: at } },
  );
}
