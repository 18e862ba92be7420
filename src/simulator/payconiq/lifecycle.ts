/** One enum for create, get, search and callbacks (doc §3.5). */
export const PAYMENT_STATUSES = [
  'PENDING',
  'IDENTIFIED',
  'AUTHORIZED',
  'AUTHORIZATION_FAILED',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'EXPIRED',
  'PENDING_MERCHANT_ACKNOWLEDGEMENT',
  'VOIDED',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

const FINAL: ReadonlySet<PaymentStatus> = new Set([
  'SUCCEEDED',
  'AUTHORIZATION_FAILED',
  'FAILED',
  'CANCELLED',
  'EXPIRED',
  'VOIDED',
]);

/** "A final status never changes again" (doc §3.5): the rule every action checks first. */
export function isFinal(status: PaymentStatus): boolean {
  return FINAL.has(status);
}

export type PayerAction = 'scan' | 'pay' | 'decline' | 'cancel' | 'expire' | 'fail';
export const PAYER_ACTIONS: readonly PayerAction[] = ['scan', 'pay', 'decline', 'cancel', 'expire', 'fail'];

/**
 * The statuses a payment passes through when the payer (or time) does `action`. Acting in the
 * app implies having scanned, so from PENDING pay/decline/fail/cancel first go through IDENTIFIED:
 * one button press on the phone page is enough, and the IDENTIFIED step (debtor, identify
 * callback) is never skipped. Returns undefined when the action is not possible.
 */
export function stepsFor(status: PaymentStatus, action: PayerAction): PaymentStatus[] | undefined {
  if (isFinal(status)) return undefined;
  const scanned = status === 'PENDING' ? (['IDENTIFIED'] as PaymentStatus[]) : [];
  switch (action) {
    case 'scan':
      return status === 'PENDING' ? ['IDENTIFIED'] : status === 'IDENTIFIED' ? [] : undefined;
    case 'pay':
      return status === 'AUTHORIZED' ? ['SUCCEEDED'] : [...scanned, 'AUTHORIZED', 'SUCCEEDED'];
    case 'decline':
      return status === 'AUTHORIZED' ? undefined : [...scanned, 'AUTHORIZATION_FAILED'];
    case 'cancel':
      return status === 'AUTHORIZED' ? undefined : [...scanned, 'CANCELLED'];
    case 'fail':
      return [...scanned, 'FAILED'];
    case 'expire':
      return ['EXPIRED'];
  }
}

/** Merchant DELETE: only while PENDING or IDENTIFIED (doc §3.2). */
export function merchantCanCancel(status: PaymentStatus): boolean {
  return status === 'PENDING' || status === 'IDENTIFIED';
}
