/** The partner callbacks already applied, by their JWS id (jti): a replayed callback is recognised. */
export interface CallbackReplays {
  /** Records a callback's jti; false when it was recorded before (a replay). */
  record(jti: string, partnerPaymentId: string, at: Date): Promise<boolean>;
  hasSeen(jti: string): Promise<boolean>;
}
