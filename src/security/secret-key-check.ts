import type { MerchantSigningKeys } from './merchant-signing-key.js';

export class SecretKeyMismatchError extends Error {}

/**
 * Every process on one database must seal and open with the same PASSERELLE_SECRET_KEY. The
 * request-signing key is sealed by the first process and opened by all the others, so opening it
 * at start (creating it on a new database) tells a process whose key differs before it answers
 * anyone — rather than 500 on pages and refunds left for its peers to finish.
 */
export async function checkSecretKey(keys: MerchantSigningKeys): Promise<void> {
  try {
    await keys.current();
  } catch (err) {
    if (!isUnsealFailure(err)) throw err;
    throw new SecretKeyMismatchError(
      'PASSERELLE_SECRET_KEY cannot open the secrets sealed in this database by the processes that created them: ' +
        'every gateway process (and the CLI) on one database must be given the same PASSERELLE_SECRET_KEY',
    );
  }
}

/** AES-GCM authentication failure, or a sealed value that is not one. */
function isUnsealFailure(err: unknown): boolean {
  const message = (err as Error | undefined)?.message ?? '';
  return /unable to authenticate data|not a sealed secret/i.test(message);
}
