import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured logs. Credentials are redacted wherever they could appear. Request bodies are never
 * logged (Fastify logs method, URL and address only; the SOAP and REST layers log operation and
 * result code); the body and card paths are redacted all the same, should a log call ever pass one.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization', 'headers.authorization', 'accessKey', '*.accessKey', 'password', '*.password', 'apiKey', '*.apiKey',
          'body', '*.body', 'req.body', 'card', '*.card', 'cardNumber', '*.cardNumber', 'cvx', '*.cvx',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
