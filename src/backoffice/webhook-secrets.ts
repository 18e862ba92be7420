import { newWebhookSecret } from '../security/webhook-signature.js';
import type { Actor } from './actor.js';
import { auditedChange } from './audit.js';
import type { BackOfficeDeps } from './deps.js';
import { BackOfficeError } from './errors.js';
import { merchantInScope, reachesPointOfSale, requireCapability } from './policy.js';

type Deps = Pick<BackOfficeDeps, 'merchants' | 'webhookSecrets' | 'secrets' | 'atomically' | 'clock'>;

/** After a rotation the previous secret still signs for a day: the merchant has time to switch. */
export const PREVIOUS_SECRET_KEPT_MS = 24 * 60 * 60_000;

/** Whether the point of sale signs its notifications; never the secret itself. */
export interface SigningStatus {
  signing: boolean;
  since?: Date | undefined;
  /** A rotation's previous secret still signs until then. */
  previousUntil?: Date | undefined;
}

async function pointOfSaleInReach(deps: Pick<Deps, 'merchants'>, actor: Actor, named: string | undefined, id: string) {
  const merchantId = merchantInScope(actor.user, named);
  const pos = (await deps.merchants.listPointsOfSale(merchantId)).find((p) => p.id === id);
  if (!pos || !reachesPointOfSale(actor.user, id)) throw new BackOfficeError('not-found', 'no such point of sale');
  return pos;
}

export async function signingStatus(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  pointOfSaleId: string,
): Promise<SigningStatus> {
  requireCapability(actor.user, 'configuration.read');
  const pos = await pointOfSaleInReach(deps, actor, named, pointOfSaleId);
  const stored = await deps.webhookSecrets.get(pos.id);
  if (!stored) return { signing: false };
  const now = deps.clock.now();
  return {
    signing: true,
    since: stored.createdAt,
    previousUntil: stored.previousUntil && stored.previousUntil > now ? stored.previousUntil : undefined,
  };
}

/**
 * A new signing secret for the point of sale, returned in clear this once (stored sealed, audited
 * as masked). When it had one, this is a rotation: the old one keeps signing beside it for a day.
 */
export async function issueWebhookSecret(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  pointOfSaleId: string,
): Promise<{ secret: string; rotated: boolean }> {
  requireCapability(actor.user, 'configuration.edit');
  const pos = await pointOfSaleInReach(deps, actor, named, pointOfSaleId);
  const before = await deps.webhookSecrets.get(pos.id);
  const now = deps.clock.now();
  const secret = newWebhookSecret();
  const stored = {
    pointOfSaleId: pos.id,
    merchantId: pos.merchantId,
    sealed: deps.secrets.seal(secret),
    previousSealed: before?.sealed,
    previousUntil: before ? new Date(now.getTime() + PREVIOUS_SECRET_KEPT_MS) : undefined,
    createdAt: now,
  };
  await auditedChange(deps, actor, (tx) => tx.webhookSecrets.put(stored), {
    action: before ? 'point-of-sale.signing-secret.rotate' : 'point-of-sale.signing-secret.create',
    merchantId: pos.merchantId,
    target: pos.id,
    before: before && { signed: true, secret: 'set' },
    after: { signed: true, secret: 'set' },
  });
  return { secret, rotated: before !== undefined };
}

/** Stops signing: the point of sale's notifications go unsigned again, as Payline's are. */
export async function removeWebhookSecret(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  pointOfSaleId: string,
): Promise<void> {
  requireCapability(actor.user, 'configuration.edit');
  const pos = await pointOfSaleInReach(deps, actor, named, pointOfSaleId);
  await auditedChange(
    deps,
    actor,
    (tx) => tx.webhookSecrets.remove(pos.id),
    (removed) =>
      removed
        ? {
            action: 'point-of-sale.signing-secret.remove',
            merchantId: pos.merchantId,
            target: pos.id,
            before: { signed: true },
            after: { signed: false },
          }
        : undefined,
  );
}
