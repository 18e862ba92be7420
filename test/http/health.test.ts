import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeepAliveConnection, type Answer } from '../support/keep-alive-connection.js';
import { startTestGateway } from '../support/test-gateway.js';

const json = (a: Answer) => ({ status: a.status, body: JSON.parse(a.body) as unknown });

describe('health endpoints', () => {
  it('live, ready and alive answer 200; once the stop begins ready and alive answer 503 STOPPING, live still 200', async () => {
    const t = await startTestGateway({ idleConnectionGraceMs: 5000 });
    const port = Number(new URL(t.baseUrl).port);
    // A load balancer's and a merchant's probes, on connections opened before the stop.
    const [ready, alive, live] = [
      new KeepAliveConnection(port),
      new KeepAliveConnection(port),
      new KeepAliveConnection(port),
    ];
    try {
      assert.deepEqual(json(await ready.request('GET', '/health/ready')), { status: 200, body: { status: 'READY' } });
      assert.deepEqual(json(await alive.request('GET', '/v1/checkout/alive')), {
        status: 200,
        body: { status: 'ALIVE' },
      });
      assert.deepEqual(json(await live.request('GET', '/health/live')), { status: 200, body: { status: 'UP' } });
      const openapi = (await t.gateway.app.inject({ url: '/v1/openapi.json' })).json() as {
        paths: Record<string, unknown>;
      };
      assert.ok(openapi.paths['/v1/checkout/alive'], 'alive stays in the merchant API description');
      assert.equal(openapi.paths['/health/ready'], undefined, 'the operator endpoints are not in it');

      const closing = t.close();
      const answers = await Promise.all([
        ready.request('GET', '/health/ready'),
        alive.request('GET', '/v1/checkout/alive'),
        live.request('GET', '/health/live'),
      ]);
      assert.deepEqual(answers.map(json), [
        { status: 503, body: { status: 'STOPPING' } },
        { status: 503, body: { status: 'STOPPING' } },
        { status: 200, body: { status: 'UP' } },
      ]);
      assert.ok(
        answers.every((a) => a.closesConnection),
        'answered with Connection: close',
      );
      await closing;
    } finally {
      for (const c of [ready, alive, live]) c.close();
    }
  });
});
