/**
 * What became of one attempt: the merchant's HTTP status and the start of its answer's body, or why
 * there was none (no answer in time, refused connection…); how long it took either way.
 */
export type NotifierAnswer =
  | { kind: 'answered'; status: number; durationMs: number; bodyExcerpt: string }
  | { kind: 'failed'; reason: string; durationMs: number };

/** Sends merchant notifications (src/notifier/http-notifier.ts). */
export interface Notifier {
  /**
   * One attempt at `url` with these extra headers (the signature's), given up after `timeoutMs` or
   * when `signal` aborts; at most `excerptChars` of the answer's body are read.
   */
  send(
    url: string,
    opts: {
      timeoutMs: number;
      signal?: AbortSignal | undefined;
      headers?: Record<string, string> | undefined;
      excerptChars: number;
    },
  ): Promise<NotifierAnswer>;
}
