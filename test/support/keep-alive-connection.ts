import { Agent, request } from 'node:http';

export interface Answer {
  status: number;
  body: string;
  /** The server said `Connection: close`: this connection ends after the answer. */
  closesConnection: boolean;
  at: number;
}

/** A request that got no answer; `reusedSocket`: it was sent on a connection already open (a reset, not a refusal). */
export class RequestFailed extends Error {
  constructor(
    readonly code: string | undefined,
    readonly reusedSocket: boolean,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One keep-alive HTTP/1.1 connection to 127.0.0.1:port, requests one after the other on it, like
 * one client of a load test (a load balancer's upstream connection, a merchant's HTTP client).
 */
export class KeepAliveConnection {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  constructor(private readonly port: number) {}

  request(
    method: 'GET' | 'POST',
    path: string,
    opts: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: this.port, method, path, agent: this.agent, headers: opts.headers },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body,
              closesConnection: res.headers.connection === 'close',
              at: Date.now(),
            }),
          );
          res.on('error', (err: NodeJS.ErrnoException) =>
            reject(new RequestFailed(err.code, req.reusedSocket, err.message)),
          );
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(new RequestFailed(err.code, req.reusedSocket, err.message)),
      );
      req.end(opts.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
