import type { Contract, PointOfSale } from '../domain/merchant.js';
import type { ListedTransaction, TransactionCursor, TransactionFilter } from '../ports/transaction-listing.js';
import type { Actor } from './actor.js';
import type { BackOfficeDeps } from './deps.js';
import { merchantInScope, pointsOfSaleInReach, reachesWholeMerchant, requireCapability } from './policy.js';
import type { TransactionQuery } from './transaction-query.js';

type Deps = Pick<BackOfficeDeps, 'merchants' | 'transactionListing'>;

export const TRANSACTIONS_PAGE_SIZE = 50;
/** Rows per statement of an export: big enough to be quick, small enough to hold in memory. */
export const EXPORT_BATCH_SIZE = 1000;

export interface TransactionsPage {
  transactions: ListedTransaction[];
  /** Where the next (older) page starts, if there is one. */
  next?: TransactionCursor | undefined;
  /** The points of sale in the user's reach (the filter's choices, the rows' labels). */
  pointsOfSale: PointOfSale[];
  /** The merchant's contracts on those points of sale (the filter's choices). */
  contracts: Contract[];
}

/** What the user may see of the merchant, and which merchant: asked before anything is read. */
function scope(actor: Actor, named: string | undefined, query: TransactionQuery) {
  requireCapability(actor.user, 'transactions.read');
  const merchantId = merchantInScope(actor.user, named);
  const filter: Omit<TransactionFilter, 'limit'> = {
    ...query,
    merchantId,
    // A manager reaches only the transactions of their points of sale; undefined: the whole merchant.
    pointsOfSale: reachesWholeMerchant(actor.user) ? undefined : actor.user.pointOfSaleIds,
  };
  return { merchantId, filter };
}

/**
 * The merchant's transactions in the user's reach, newest first, a page at a time (keyset).
 * Without a query (its filters could not be read), nothing is listed but the filters' choices.
 */
export async function listTransactions(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  query: TransactionQuery | undefined,
): Promise<TransactionsPage> {
  const { merchantId, filter } = scope(actor, named, query ?? {});
  const [found, allPointsOfSale, allContracts] = await Promise.all([
    query ? deps.transactionListing.list({ ...filter, limit: TRANSACTIONS_PAGE_SIZE + 1 }) : [],
    deps.merchants.listPointsOfSale(merchantId),
    deps.merchants.listContracts(merchantId),
  ]);
  const transactions = found.slice(0, TRANSACTIONS_PAGE_SIZE);
  const last = transactions.at(-1);
  const pointsOfSale = pointsOfSaleInReach(actor.user, allPointsOfSale);
  const reached = new Set(pointsOfSale.map((p) => p.id));
  return {
    transactions,
    next: found.length > TRANSACTIONS_PAGE_SIZE && last ? { createdAt: last.createdAt, id: last.id } : undefined,
    pointsOfSale,
    contracts: allContracts.filter((c) => reached.has(c.pointOfSaleId)),
  };
}

export interface TransactionsExport {
  pointsOfSale: PointOfSale[];
  /** Every matching transaction, newest first, read a batch at a time as the consumer pulls. */
  rows: AsyncGenerator<ListedTransaction>;
}

/**
 * The same list, all of it, for an export: the capability and reach are checked before the
 * first row is asked for, and the rows are read by keyset batches, never all at once.
 */
export async function exportTransactions(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  query: TransactionQuery,
): Promise<TransactionsExport> {
  const { merchantId, filter } = scope(actor, named, { ...query, after: undefined });
  const pointsOfSale = pointsOfSaleInReach(actor.user, await deps.merchants.listPointsOfSale(merchantId));
  async function* rows(): AsyncGenerator<ListedTransaction> {
    let after: TransactionCursor | undefined;
    for (;;) {
      const batch = await deps.transactionListing.list({ ...filter, after, limit: EXPORT_BATCH_SIZE });
      yield* batch;
      const last = batch.at(-1);
      if (batch.length < EXPORT_BATCH_SIZE || !last) return;
      after = { createdAt: last.createdAt, id: last.id };
    }
  }
  return { pointsOfSale, rows: rows() };
}
