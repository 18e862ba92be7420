import { refundedSoFar, type Refund, type RefundTotals } from '../domain/refund.js';
import { statusHistory, type StatusHistoryEntry } from '../domain/transaction-history.js';
import type { SessionEventRecord } from '../ports/session-history.js';
import type { TransactionRecord } from '../ports/transactions.js';
import type { Actor } from './actor.js';
import type { BackOfficeDeps } from './deps.js';
import { BackOfficeError } from './errors.js';
import { notificationsOfPayment, type NotificationWithAttempts } from './notifications.js';
import { can, merchantInScope, reachesPointOfSale, reachesWholeMerchant, requireCapability } from './policy.js';

type Deps = Pick<BackOfficeDeps, 'merchants' | 'notificationLog' | 'atomically' | 'clock' | 'payments'>;

/** Transaction ids and tokens: what the payment API hands out. */
const REFERENCE = /^[A-Za-z0-9]{1,50}$/;

export interface TransactionDetail {
  /** The transaction asked for: a payment or one of its refunds. */
  record: TransactionRecord;
  /** The payment (AUTHOR+CAP) it belongs to: itself, or the one a refund gives money back on. */
  payment: TransactionRecord;
  /** The payment's statuses (getTransactionDetails' statusHistoryList). */
  history: StatusHistoryEntry[];
  /** Every recorded exchange with the partner and its callbacks, page visits, expiry: oldest first. */
  events: SessionEventRecord[];
  /** The payment's refunds, oldest first. */
  refunds: Refund[];
  /** What may still be refunded, in minor units (pending refunds count as refunded). */
  refundable: number;
  /** Whether this user is offered the refund form (capability, accepted payment, something left). */
  canRefund: boolean;
  /** The notifications of the payment and of its refunds, each with its delivery attempts. */
  notifications: NotificationWithAttempts[];
}

export function refundTotals(refunds: readonly Refund[]): RefundTotals {
  const totals: RefundTotals = {};
  for (const r of refunds) totals[r.status] = (totals[r.status] ?? 0) + r.amount;
  return totals;
}

const inReach = (actor: Actor, record: TransactionRecord) => {
  if (reachesWholeMerchant(actor.user)) return true;
  const pos = record.pointOfSale?.id ?? record.session?.pointOfSaleId;
  return pos !== undefined && reachesPointOfSale(actor.user, pos);
};

/**
 * One of the merchant's transactions as the user may see it: another merchant's, or one of a point
 * of sale out of a manager's reach, is not found (exactly like an unknown id).
 */
export async function findTransactionInReach(
  deps: Pick<Deps, 'payments'>,
  actor: Actor,
  merchantId: string,
  transactionId: string | undefined,
): Promise<TransactionRecord> {
  if (!transactionId || !REFERENCE.test(transactionId)) throw new BackOfficeError('not-found', 'no such transaction');
  const [record] = await deps.payments.transactions.find(merchantId, { transactionId }, { limit: 1 });
  if (!record || !inReach(actor, record)) throw new BackOfficeError('not-found', 'no such transaction');
  return record;
}

/** The payment a transaction belongs to, and its refunds with what is left to refund. */
export async function paymentOf(deps: Pick<Deps, 'payments'>, merchantId: string, record: TransactionRecord) {
  const originalId = record.transaction.originalTransactionId;
  const [payment] = originalId
    ? await deps.payments.transactions.find(merchantId, { transactionId: originalId }, { limit: 1 })
    : [record];
  if (!payment) throw new BackOfficeError('not-found', 'no such transaction');
  const refunds = await deps.payments.refunds.listRefunds(payment.transaction.id);
  refunds.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const accepted = payment.transaction.type === 'AUTHOR+CAP' && payment.transaction.resultCode === '00000';
  const refundable = accepted ? Math.max(0, payment.transaction.amount - refundedSoFar(refundTotals(refunds))) : 0;
  return { payment, refunds, refundable };
}

/** The detail page: the transaction, its payment's history and partner exchanges, refunds, notifications. */
export async function transactionDetail(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  transactionId: string | undefined,
): Promise<TransactionDetail> {
  requireCapability(actor.user, 'transactions.read');
  const merchantId = merchantInScope(actor.user, named);
  const record = await findTransactionInReach(deps, actor, merchantId, transactionId);
  const { payment, refunds, refundable } = await paymentOf(deps, merchantId, record);
  const session = payment.session?.transactionId === payment.transaction.id ? payment.session : undefined;
  const events = session ? await deps.payments.history.list(session.token) : [];
  const tx = payment.transaction;
  const history = statusHistory({
    transactionId: tx.id,
    amount: tx.amount,
    currency: tx.currency,
    resultCode: tx.resultCode,
    resultAt: session?.channel === 'direct' ? (session.finalAt ?? tx.createdAt) : tx.createdAt,
    events,
  });

  const references = [...new Set([session?.token, tx.id, ...refunds.map((r) => r.id)].filter((r) => r !== undefined))];
  const found = (
    await Promise.all(references.map((ref) => notificationsOfPayment(deps, actor, merchantId, ref)))
  ).flat();
  const notifications = [...new Map(found.map((n) => [n.notification.id, n])).values()].sort(
    (a, b) => Number(a.notification.id) - Number(b.notification.id),
  );
  return {
    record,
    payment,
    history,
    events,
    refunds,
    refundable,
    // Offered on the payment's own page (a refund's page leads to it).
    canRefund: can(actor.user, 'refund') && refundable > 0 && record.transaction.id === payment.transaction.id,
    notifications,
  };
}
