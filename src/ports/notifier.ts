/**
 * What became of one attempt: the merchant's HTTP status, or why there was none (no answer in time, refused
 * connection…).
 */
export type NotifierAnswer = { kind: 'answered'; status: number } | { kind: 'failed'; reason: string };

/** Sends merchant notifications (src/notifier/http-notifier.ts). */
export interface Notifier {
  /** One attempt at `url`, given up after `timeoutMs` or when `signal` aborts. */
  send(url: string, opts: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<NotifierAnswer>;
}
