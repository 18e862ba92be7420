import { request } from 'node:http';
import { listenLocally } from './local-server.js';

/**
 * One public URL in front of several gateway processes, as a load balancer would be: each request
 * goes to the next backend in turn (the partner's callbacks, the merchant JWKS fetched by the
 * simulator, whatever reaches the public URL).
 */
export interface LoadBalancer {
  url: string;
  /** Base URLs of the backends (set once they listen). */
  backends: string[];
  close(): Promise<void>;
}

export async function startLoadBalancer(): Promise<LoadBalancer> {
  const backends: string[] = [];
  let next = 0;
  const local = await listenLocally((req, res) => {
    const backend = backends[next++ % Math.max(backends.length, 1)];
    if (!backend) {
      res.statusCode = 503;
      res.end('no backend');
      return;
    }
    const target = new URL(req.url ?? '/', backend);
    const upstream = request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.statusCode = 502;
      res.end('backend down');
    });
    req.pipe(upstream);
  });
  return { url: local.url, backends, close: local.close };
}
