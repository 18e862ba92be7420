import { z } from 'zod';
import type { PointOfSale } from '../domain/merchant.js';
import type { AttemptCursor, AttemptFilter, LoggedAttempt } from '../ports/notification-log.js';
import type { NotificationRecord } from '../ports/notification-outbox.js';
import type { Actor } from './actor.js';
import { auditedChange } from './audit.js';
import type { BackOfficeDeps } from './deps.js';
import { BackOfficeError } from './errors.js';
import {
  merchantInScope,
  pointsOfSaleInReach,
  reachesPointOfSale,
  reachesWholeMerchant,
  requireCapability,
} from './policy.js';

type Deps = Pick<BackOfficeDeps, 'merchants' | 'notificationLog' | 'atomically' | 'clock'>;

export const ATTEMPTS_PAGE_SIZE = 50;

/** The page's filters, as the use case takes them (the transport reads them from the query). */
export type AttemptQuery = Omit<AttemptFilter, 'merchantId' | 'pointsOfSale' | 'limit'>;

export interface AttemptsPage {
  attempts: LoggedAttempt[];
  /** Where the next (older) page starts, if there is one. */
  next?: AttemptCursor | undefined;
  /** The points of sale in the user's reach (the filter's choices, the rows' labels). */
  pointsOfSale: PointOfSale[];
}

/** A manager reaches only the attempts of their points of sale; undefined: the whole merchant. */
const reachOf = (actor: Actor) => (reachesWholeMerchant(actor.user) ? undefined : actor.user.pointOfSaleIds);

/** The merchant's delivery attempts in the user's reach, newest first, a page at a time (keyset). */
export async function listNotificationAttempts(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  query: AttemptQuery,
): Promise<AttemptsPage> {
  requireCapability(actor.user, 'transactions.read');
  const merchantId = merchantInScope(actor.user, named);
  const [found, all] = await Promise.all([
    deps.notificationLog.listAttempts({
      ...query,
      merchantId,
      pointsOfSale: reachOf(actor),
      limit: ATTEMPTS_PAGE_SIZE + 1,
    }),
    deps.merchants.listPointsOfSale(merchantId),
  ]);
  const attempts = found.slice(0, ATTEMPTS_PAGE_SIZE);
  const last = attempts.at(-1);
  return {
    attempts,
    next: found.length > ATTEMPTS_PAGE_SIZE && last ? { startedAt: last.startedAt, id: last.id } : undefined,
    pointsOfSale: pointsOfSaleInReach(actor.user, all),
  };
}

export interface NotificationWithAttempts {
  notification: NotificationRecord;
  /** Newest first. */
  attempts: LoggedAttempt[];
}

const inReach = (actor: Actor, n: NotificationRecord) =>
  reachesWholeMerchant(actor.user) ||
  (n.pointOfSaleId !== undefined && reachesPointOfSale(actor.user, n.pointOfSaleId));

/** The notifications about one payment (its token or a transaction id), each with its attempts. */
export async function notificationsOfPayment(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  reference: string,
): Promise<NotificationWithAttempts[]> {
  requireCapability(actor.user, 'transactions.read');
  const merchantId = merchantInScope(actor.user, named);
  if (!reference || reference.length > 100) return [];
  const notifications = (await deps.notificationLog.notificationsAbout(merchantId, reference)).filter((n) =>
    inReach(actor, n),
  );
  return Promise.all(
    notifications.map(async (notification) => ({
      notification,
      attempts: await deps.notificationLog.listAttempts({
        merchantId,
        notificationId: notification.id,
        limit: 200,
      }),
    })),
  );
}

const sendAgainForm = z.object({ notificationId: z.string().regex(/^\d{1,18}$/) });

/**
 * Queues one of the merchant's notifications again, due now, whatever became of it (delivered,
 * abandoned, skipped): the worker sends it again, even if the merchant fetched the result since.
 * One already pending is left as it is, and nothing is audited: a double click queues one.
 */
export async function sendNotificationAgain(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  form: unknown,
): Promise<'queued' | 'already-pending'> {
  requireCapability(actor.user, 'refund');
  const merchantId = merchantInScope(actor.user, named);
  const parsed = sendAgainForm.safeParse(form ?? {});
  if (!parsed.success) throw new BackOfficeError('not-found', 'no such notification');
  const id = parsed.data.notificationId;
  const before = await deps.notificationLog.getNotification(merchantId, id);
  if (!before || !inReach(actor, before)) throw new BackOfficeError('not-found', 'no such notification');
  const outcome = await auditedChange(
    deps,
    actor,
    (tx) => tx.outbox.requeue(merchantId, id, deps.clock.now()),
    (outcome) =>
      outcome === 'queued'
        ? {
            action: 'notification.send-again',
            merchantId,
            target: id,
            before: {
              status: before.status,
              type: before.type,
              token: before.token,
              transactionId: before.transactionId,
            },
            after: { status: 'pending' },
          }
        : undefined,
  );
  if (outcome === 'not-found') throw new BackOfficeError('not-found', 'no such notification');
  return outcome;
}
