import type { BoTexts } from '../i18n.js';
import type { TransactionTexts } from '../transaction-detail-i18n.js';
import { PostForm, ProblemSummary, TextField, type Problems, type Values } from './form-kit.js';

/**
 * The refund form of a payment: amount (major units) and comment. `formKey` is drawn when the form
 * is shown and sent back: a second submit of the same form is the same refund.
 */
export function RefundForm({
  t,
  x,
  csrf,
  action,
  formKey,
  refundableText,
  values,
  problems,
}: {
  t: BoTexts;
  x: TransactionTexts;
  csrf: string;
  action: string;
  formKey: string;
  /** What may still be refunded, formatted with its currency. */
  refundableText: string;
  values?: Values | undefined;
  problems?: Problems | undefined;
}) {
  // The form's own problem codes, worded beside the back-office's usual ones.
  const tt: BoTexts = { ...t, problems: { ...t.problems, ...x.problems } };
  return (
    <section class="card narrow" aria-labelledby="refund-title" data-testid="refund-section">
      <h2 id="refund-title">{x.refundTitle}</h2>
      <ProblemSummary t={tt} problems={problems} labels={{ amount: x.amount, comment: x.comment }} />
      <PostForm action={action} csrf={csrf} testId="refund-form">
        <input type="hidden" name="key" value={formKey} />
        <TextField
          t={tt}
          name="amount"
          label={x.amount}
          required
          value={values?.['amount']}
          inputMode="decimal"
          autocomplete="off"
          maxLength={20}
          help={x.refundHelp(refundableText)}
          problems={problems}
        />
        <TextField
          t={tt}
          name="comment"
          label={x.comment}
          value={values?.['comment']}
          maxLength={255}
          help={x.commentHelp}
          problems={problems}
        />
        <button type="submit" data-testid="refund-submit">
          {x.refundButton}
        </button>
      </PostForm>
    </section>
  );
}
