/** An entry of a session's history (partner statuses, callbacks, polls, errors). */
export interface SessionEvent {
  source:
    'page' | 'callback' | 'poll' | 'partner-create' | 'partner-cancel' | 'simulator' | 'expiry' | 'buyer' | 'merchant';
  partnerStatus?: string | undefined;
  resultCode?: string | undefined;
  detail?: Record<string, unknown> | undefined;
}

export interface SessionEventRecord extends SessionEvent {
  at: Date;
}

/** The history of each payment session: what getTransactionDetails shows as its status history. */
export interface SessionHistory {
  add(token: string, at: Date, event: SessionEvent): Promise<void>;
  /** Oldest first. */
  list(token: string): Promise<SessionEventRecord[]>;
}
