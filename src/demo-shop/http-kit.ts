import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A refusal the shop answers with a readable page: the status and what to tell the buyer. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The form fields of a POST, at most 8 KiB of `application/x-www-form-urlencoded`. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded')
    throw new HttpError(415, 'Unsupported form', 'The shop reads only HTML forms.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 8192) throw new HttpError(413, 'Form too large', 'The form sent more than the shop reads.');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** A nonce per response: the page's scripts and style sheets carry it, nothing else may run. */
export const newNonce = (): string => randomBytes(18).toString('base64');

export interface PagePolicy {
  nonce: string;
  gatewayOrigin: string;
  /** The widget page: its scripts and their calls to the gateway. */
  widget?: boolean;
}

/**
 * The page's Content-Security-Policy: nothing by default; the nonce for style sheets (and scripts
 * on the widget page, which also needs to call the gateway: docs/widget.md); forms post to the
 * shop, which may redirect them to the gateway's payment page.
 */
export function contentSecurityPolicy({ nonce, gatewayOrigin, widget }: PagePolicy): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    ...(widget
      ? [
          `script-src 'nonce-${nonce}'`,
          `connect-src ${gatewayOrigin}`,
          "require-trusted-types-for 'script'",
          "trusted-types 'none'",
        ]
      : []),
    `form-action 'self' ${gatewayOrigin}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string | string[]>,
) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    ...headers,
  });
  res.end(html);
}
