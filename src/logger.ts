import pino, { type Logger } from 'pino';

/** Structured logs. Credentials are redacted wherever they could appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'accessKey', '*.accessKey', 'password', '*.password', 'apiKey', '*.apiKey'],
      censor: '[redacted]',
    },
  });
}
