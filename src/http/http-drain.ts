import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { Logger } from 'pino';

export interface DrainTimes {
  /** How long keep-alive connections idle at the stop stay open for a request their client may already be sending. */
  idleGraceMs: number;
  /** When the connections still busy are cut, so that the process stops in bounded time. */
  deadlineMs: number;
}

export interface DrainableServer {
  /**
   * Stops accepting connections at once, answers every request received or still arriving on an
   * open connection normally but with `Connection: close`, closes the connections left idle after
   * `idleGraceMs`, and cuts what is still open at `deadlineMs`. Resolves once no connection is left.
   */
  drain(times: DrainTimes, log: Logger): Promise<void>;
}

/**
 * A clean stop for an HTTP/1.1 server. `http.Server#close` also drops the idle keep-alive
 * connections at once, which races the requests their clients are sending at that moment (the
 * connection resets of a stop under load). Here the listening socket is closed alone, and each
 * connection is closed after its next response instead. Installed before the server gets traffic.
 */
export function drainableServer(server: Server): DrainableServer {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  // Ahead of the application's handler: a response it sends synchronously must get the header too.
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (draining) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });

  return {
    async drain({ idleGraceMs, deadlineMs }, log) {
      draining = true;
      // Node ends the connection after a response that says `Connection: close`.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      const drained = new Promise<void>((resolve) => server.once('close', () => resolve()));
      NetServer.prototype.close.call(server);
      const idle = setTimeout(() => server.closeIdleConnections(), idleGraceMs);
      const cut = setTimeout(() => {
        log.warn(
          { requests: inFlight.size, afterMs: deadlineMs },
          'requests still running at the stop deadline: connections cut',
        );
        server.closeAllConnections();
      }, deadlineMs);
      await drained;
      clearTimeout(idle);
      clearTimeout(cut);
    },
  };
}
