import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { can } from '../../../backoffice/policy.js';
import { newRefundFormKey, refundFromBackOffice } from '../../../backoffice/refund-from-back-office.js';
import { transactionDetail } from '../../../backoffice/transaction-detail.js';
import { formBody, type BackOffice, type MerchantContext } from '../context.js';
import type { Problems, Values } from '../views/form-kit.js';
import { TransactionPage, transactionPath } from '../views/transaction-page.js';
import { forMerchant, submit } from './route-kit.js';

const transactionIdOf = (c: MerchantContext) => (c.req.params as { transactionId?: string }).transactionId;

/** One transaction's page (GET) and its refund form (POST, then back to the page). */
export async function transactionDetailRoutes(app: FastifyInstance, bo: BackOffice) {
  const { deps } = bo;
  const base = '/merchants/:merchantId/transactions/:transactionId';

  /** The page; `form`: the refund form coming back refused, with what was typed (always shown then). */
  const show = async (c: MerchantContext, form?: { values: Values; problems: Problems }) => {
    const detail = await transactionDetail(deps, c.actor, c.merchant.id, transactionIdOf(c));
    const q = (c.req.query ?? {}) as Record<string, unknown>;
    const sent = q['sent'];
    return c.page(
      h(TransactionPage, {
        // A refused form comes back at its POST's URL: the language links lead to the page itself.
        chrome: form ? { ...c.chrome, path: transactionPath(c.merchant.id, detail.record.transaction.id) } : c.chrome,
        csrf: c.csrf,
        merchantId: c.merchant.id,
        detail,
        // A fresh key each time the form is shown: only a second submit of the same form is the same refund.
        refundForm:
          detail.canRefund || form
            ? { formKey: newRefundFormKey(), values: form?.values, problems: form?.problems }
            : undefined,
        canSendAgain: can(c.actor.user, 'refund'),
        done: form ? undefined : detail.refunds.find((r) => r.id === q['refunded']),
        sent: !form && (sent === 'queued' || sent === 'already-pending') ? sent : undefined,
      }),
      form ? 422 : 200,
    );
  };

  app.get(
    base,
    forMerchant(bo, (c) => show(c)),
  );

  app.post(
    `${base}/refund`,
    forMerchant(bo, async (c) => {
      const form = formBody(c.req);
      return submit(
        async () => {
          const { refund } = await refundFromBackOffice(deps, c.actor, c.merchant.id, transactionIdOf(c), form);
          const page = transactionPath(c.merchant.id, refund.originalTransactionId);
          return c.redirect(`${page}?refunded=${encodeURIComponent(refund.id)}`);
        },
        (problems) => show(c, { values: { amount: form['amount'], comment: form['comment'] }, problems }),
      );
    }),
  );
}
