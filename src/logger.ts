import { requestContext } from '@fastify/request-context';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { censorSecrets } from './log-censor.js';

declare module '@fastify/request-context' {
  interface RequestContextData {
    reqId: string;
  }
}

export type LogFormat = 'json' | 'pretty';

/** Marks a logger that already carries its request's id (Fastify's `req.log` and its children). */
export const BOUND_TO_REQUEST = Symbol('bound to its request');

/**
 * Structured logs. Credentials, request bodies and card fields are censored wherever a log call
 * passes them (src/log-censor.ts); request bodies are never logged in the first place (the access
 * line has method, URL, address, status and time; the SOAP and REST layers log operation and
 * result code). A line written while a request is handled carries that request's `reqId`,
 * whichever logger wrote it (use cases log through the process logger): the id comes from the
 * request context.
 */
export function createLogger(level: string, destination?: DestinationStream, format: LogFormat = 'json'): Logger {
  const stream = destination ?? (format === 'pretty' ? prettyStream() : undefined);
  return pino(
    {
      level,
      // Credentials, bodies and card fields are censored wherever a log call passes them (src/log-censor.ts).
      formatters: { log: censorSecrets },
      mixin(_fields, _level, logger) {
        if ((logger as Logger & { [BOUND_TO_REQUEST]?: true })[BOUND_TO_REQUEST]) return {};
        const reqId = requestContext.get('reqId');
        return reqId === undefined ? {} : { reqId };
      },
    },
    stream,
  );
}

/**
 * The level of the embedded simulator's own lines and access lines: that traffic is the gateway
 * talking to itself over loopback, so from warn up, unless the operator asked for everything.
 */
export function loopbackLevel(logger: Logger): pino.LevelWithSilent {
  return logger.isLevelEnabled('debug') ? (logger.level as pino.LevelWithSilent) : 'warn';
}

/** Fastify's request logger, marked so that the request id is not written twice. */
export function requestLogger(parent: Logger, bindings: pino.Bindings, options: pino.ChildLoggerOptions): Logger {
  const child = parent.child(bindings, options) as Logger & { [BOUND_TO_REQUEST]?: true };
  child[BOUND_TO_REQUEST] = true;
  return child;
}

/** Human lines for a terminal, written synchronously (no worker thread) so nothing is lost at exit. */
function prettyStream(): DestinationStream {
  return pretty({
    colorize: process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
    sync: true,
  });
}
