import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { GatewayError } from '../domain/gateway-error.js';
import { parseMajorAmount } from '../domain/money.js';
import type { Refund } from '../domain/refund.js';
import { requestRefund } from '../payments/request-refund.js';
import type { Actor } from './actor.js';
import { recordUserChange } from './audit.js';
import type { BackOfficeDeps } from './deps.js';
import { FormRejected, rejectField } from './errors.js';
import { optionalText, parseForm, requiredText } from './form-input.js';
import { merchantInScope, requireCapability } from './policy.js';
import { findTransactionInReach, paymentOf } from './transaction-detail.js';

type Deps = Pick<BackOfficeDeps, 'audit' | 'clock' | 'payments'>;

/**
 * The refund form's own key, drawn when the form is shown: sent as doRefund's `sequenceNumber`,
 * it makes a second submit of the same form the same refund (replayed, never made twice).
 */
export const newRefundFormKey = () => `BO-${randomBytes(16).toString('hex')}`;

const form = z.object({
  amount: requiredText(20),
  comment: optionalText(255),
  key: z.string({ error: 'invalid' }).regex(/^BO-[0-9a-f]{32}$/, { error: 'invalid' }),
});

export interface BackOfficeRefund {
  refund: Refund;
  /** True when the form had already been submitted (a double click): nothing more was refunded. */
  replayed: boolean;
}

/** Which field a refusal of the refund use case is shown next to. */
const fieldOf = (err: GatewayError) => (/comment/.test(err.result.longMessage) ? 'comment' : 'amount');

/**
 * A refund asked in the back-office: the same use case as doRefund (requestRefund), so it is
 * decided under the payment's lock, sent to the partner and, once final, notified to the shop by
 * TRS exactly like one the shop asked for. The amount is typed in major units; a refusal comes
 * back next to its field with the Payline result's message. Audited, once per refund.
 */
export async function refundFromBackOffice(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  transactionId: string | undefined,
  body: unknown,
): Promise<BackOfficeRefund> {
  requireCapability(actor.user, 'refund');
  const merchantId = merchantInScope(actor.user, named);
  const record = await findTransactionInReach(deps, actor, merchantId, transactionId);
  const input = parseForm(form, body);
  const before = await paymentOf(deps, merchantId, record);
  const { currency } = before.payment.transaction;
  const amount = parseMajorAmount(input.amount, currency);
  if (amount === undefined) return rejectField('amount', 'amount');
  if (amount <= 0) return rejectField('amount', 'amount-positive');

  let answer;
  try {
    answer = await requestRefund(deps.payments, merchantId, {
      transactionId: record.transaction.id,
      amount: String(amount),
      comment: input.comment,
      sequenceNumber: input.key,
    });
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    throw new FormRejected({
      [fieldOf(err)]: { code: 'refused', detail: `${err.code} ${err.result.longMessage}` },
    });
  }
  const { refund, replayed } = answer;
  if (!replayed) {
    const after = await paymentOf(deps, merchantId, record);
    await recordUserChange(deps, actor, {
      action: 'transaction.refund',
      merchantId,
      target: refund.originalTransactionId,
      before: { amount: before.payment.transaction.amount, refundable: before.refundable },
      after: {
        refundId: refund.id,
        refunded: refund.amount,
        refundable: after.refundable,
        status: refund.status,
        resultCode: refund.resultCode,
        comment: refund.comment,
      },
    });
  }
  return { refund, replayed };
}
