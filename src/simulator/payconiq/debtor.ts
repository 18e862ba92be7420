/** The payer as the simulator reports them once the QR code is scanned. */
export interface SimDebtor {
  /** First name only: the API never gives a last name (doc §8). */
  name: string;
  /** Full, unmasked IBAN without spaces; only refundIban reveals it. */
  iban: string;
}

/**
 * Always the same payer, so homologation results are reproducible and match the functional
 * spec's sample (`bankCode GKCCBEBB`, `accountNumber BE12XXXXXXXXXX92`): a valid Belgian IBAN
 * (mod-97 checks hold) with Belfius' bank code 068, starting BE12 and ending 92. "John" is the
 * spec's sample debtor name.
 */
export const HOMOLOGATION_DEBTOR: Readonly<SimDebtor> = Object.freeze({ name: 'John', iban: 'BE12068245920992' });

export function newDebtor(): SimDebtor {
  return { ...HOMOLOGATION_DEBTOR };
}

/** How the partner masks `debtor.iban`: a run of 13 `*` then the last 5 characters (doc §8). */
export function maskIban(iban: string): string {
  return `${'*'.repeat(13)}${iban.slice(-5)}`;
}

/** refundIban's presentation: groups of four, like the spec example "BE12 3456 7890 1234". */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}
