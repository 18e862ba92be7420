import type { AdminOperationName } from '../merchants/admin-operations.js';
import { recordChange } from './audit.js';
import type { BackOfficeDeps } from './deps.js';

/** The operator API's writes, under the back-office's names for the same changes. */
const ACTIONS: Partial<Record<AdminOperationName, string>> = {
  'merchant create': 'merchant.create',
  'pos create': 'point-of-sale.create',
  'contract create': 'payment-method.create',
  'key create': 'access-key.create',
  'key revoke': 'access-key.revoke',
};

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * Records a change the operator API (the CLI) made: what was asked and what came of it, the
 * partner settings' secrets and the new access key masked. Reads are not recorded.
 */
export async function recordOperatorApiChange(
  deps: Pick<BackOfficeDeps, 'audit' | 'clock' | 'paymentMethods'>,
  change: { name: AdminOperationName; input: unknown; result: unknown; address?: string | undefined },
): Promise<void> {
  const action = ACTIONS[change.name];
  if (!action) return;
  const input = (change.input ?? {}) as Record<string, unknown>;
  const result = (change.result ?? {}) as Record<string, unknown>;
  await recordChange(
    deps,
    { actor: { kind: 'operator-api' }, address: change.address },
    {
      action,
      merchantId: text(input['merchantId']) ?? text(result['merchantId']),
      target: text(result['keyId']) ?? text(result['id']) ?? text(result['contractNumber']) ?? text(input['keyId']),
      after: { ...input, result },
      // Whichever payment method the settings are for, its secret fields are masked.
      secretFields: deps.paymentMethods.cardCodes.flatMap(
        (c) => deps.paymentMethods.byCardCode(c)?.secretSettings ?? [],
      ),
    },
  );
}
