/** What the shop tells the buyer, from the Payline result code of getWebPaymentDetails. */
export type Outcome = 'accepted' | 'cancelled' | 'refused' | 'expired' | 'pending';

const BY_CODE: Record<string, Outcome> = {
  '00000': 'accepted',
  '02008': 'cancelled',
  '02014': 'cancelled',
  '02324': 'expired',
  '02534': 'expired',
  '02533': 'pending',
  '02306': 'pending',
  '02000': 'pending',
};

/** Any other code (02020 refused, 02012 / 02106 errors…) means the order is not paid. */
export const outcomeOf = (code: string): Outcome => BY_CODE[code] ?? 'refused';

export const OUTCOME_TITLES: Record<Outcome, string> = {
  accepted: 'Thank you: payment accepted',
  cancelled: 'Payment cancelled',
  refused: 'Payment refused',
  expired: 'Payment expired',
  pending: 'Waiting for your payment',
};
