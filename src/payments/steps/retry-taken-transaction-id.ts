import { DuplicateKeyError } from '../../ports/duplicate-key-error.js';
import type { IdGenerator } from '../../ports/ids.js';
import { TRANSACTION_ID_KEY } from '../../ports/transactions.js';

/** Far more than needed below the 14-digit ceiling of 1,000 ids a second (see TransactionIdSequence). */
const MAX_ATTEMPTS = 10;

/** The 14-digit id drawn was taken. */
export function isTransactionIdTaken(err: unknown): boolean {
  return err instanceof DuplicateKeyError && err.constraint === TRANSACTION_ID_KEY;
}

/**
 * Runs `attempt` (which draws its transaction id from `ids` and writes it) again when
 * that id was already taken, by another process sharing the database: the sequence first jumps
 * elsewhere. `retryable` widens the retry to other unique violations a fresh decision resolves.
 */
export async function retryTakenTransactionId<T>(
  ids: Pick<IdGenerator, 'transactionIdTaken'>,
  attempt: () => Promise<T>,
  retryable: (err: unknown) => boolean = isTransactionIdTaken,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (n >= MAX_ATTEMPTS || !retryable(err)) throw err;
      if (isTransactionIdTaken(err)) ids.transactionIdTaken();
    }
  }
}
