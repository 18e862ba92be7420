import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KeepAliveConnection, RequestFailed, type Answer } from '../support/keep-alive-connection.js';
import { openPartnerPayment } from '../support/open-partner-payment.js';
import { startPartnerProxy } from '../support/partner-proxy.js';
import { addOwnContract } from '../support/refund-client.js';
import { validSessionBody } from '../support/rest-client.js';
import { spawnServe } from '../support/serve-process.js';
import { createTestDatabase, DRIVER } from '../support/test-database.js';
import { DEMO_ACCESS_KEY, DEMO_MERCHANT_ID, startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { waitUntil } from '../support/wait-until.js';
import type { Wire } from '../support/wire.js';

const DEMO_ENV = { PASSERELLE_DEMO_MERCHANT_ID: DEMO_MERCHANT_ID, PASSERELLE_DEMO_ACCESS_KEY: DEMO_ACCESS_KEY };
const AUTHORIZATION = `Basic ${Buffer.from(`${DEMO_MERCHANT_ID}:${DEMO_ACCESS_KEY}`).toString('base64')}`;
/** The test gateways' key (test-gateway.ts): the process started here reads the partner keys they sealed. */
const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');
const STOP_BOUND_MS = 10_000;

describe('passerelle serve stops cleanly', () => {
  it('SIGTERM under load: every request on an open connection answered, no 503, no reset, exit within 10 s', async (t) => {
    const serve = await spawnServe({ ...DEMO_ENV, DATA_DIR: ':memory:' });
    const CONNECTIONS = 16;
    const connections = Array.from({ length: CONNECTIONS }, () => new KeepAliveConnection(serve.port));
    const wrong: string[] = [];
    const answeredOn = connections.map(() => 0);
    const answered = () => answeredOn.reduce((a, b) => a + b, 0);
    let signalledAt: number | undefined;
    const headers = { authorization: AUTHORIZATION, 'content-type': 'application/json' };
    const expect = (i: number, answer: Answer, status: number, check: (json: Wire) => boolean, what: string) => {
      answeredOn[i]!++;
      let json: unknown;
      try {
        json = JSON.parse(answer.body);
      } catch {
        json = undefined;
      }
      if (answer.status !== status || !check(json))
        wrong.push(`${what}: ${answer.status} ${answer.body.slice(0, 200)}`);
    };
    // Each client creates a payment session, reads it back, and again, until told the connection closes.
    const client = async (c: KeepAliveConnection, i: number): Promise<'closed' | string> => {
      try {
        for (;;) {
          const created = await c.request('POST', '/v1/checkout/sessions', {
            body: JSON.stringify(validSessionBody()),
            headers,
          });
          let sessionId: string | undefined;
          expect(
            i,
            created,
            201,
            (j) => j?.result?.code === '00000' && typeof (sessionId = j.sessionId) === 'string',
            'create',
          );
          if (created.closesConnection || !sessionId) return 'closed';
          const read = await c.request('GET', `/v1/checkout/sessions/${sessionId}`, { headers });
          expect(i, read, 200, (j) => j?.sessionId === sessionId && j?.result?.code === '02533', 'read');
          if (read.closesConnection) return 'closed';
        }
      } catch (err) {
        if (err instanceof RequestFailed)
          return `${err.code ?? err.message} on ${err.reusedSocket ? 'an open' : 'a new'} connection${signalledAt ? ' after' : ' before'} the signal`;
        throw err;
      }
    };
    try {
      const clients = connections.map(client);
      await waitUntil(() => answeredOn.every((n) => n >= 4), 'the load running on every connection', 30_000);
      const answeredBefore = answered();
      signalledAt = Date.now();
      serve.child.kill('SIGTERM');
      const ends = await Promise.all(clients);
      const exit = await serve.exited;

      assert.deepEqual(wrong, [], 'every answer is the right one (and none is a 503)');
      assert.deepEqual(
        ends,
        connections.map(() => 'closed'),
        'each connection ends with an answer saying Connection: close, none with an error',
      );
      assert.ok(
        answered() >= answeredBefore + CONNECTIONS,
        `requests answered after the signal: ${answered() - answeredBefore}`,
      );
      assert.equal(exit.code, 0, serve.output());
      assert.ok(exit.at - signalledAt < STOP_BOUND_MS, `exited ${exit.at - signalledAt} ms after the signal`);
      t.diagnostic(
        `${answered() - answeredBefore} requests answered after the signal; exit ${exit.at - signalledAt} ms after it`,
      );
    } finally {
      for (const c of connections) c.close();
      serve.child.kill('SIGKILL');
    }
  });

  it('a stop while polls wait on a partner that does not answer: readiness 503 at once, exit within 10 s, the polls taken again later', async (t) => {
    const partnerHost = await startTestGateway();
    const proxy = await startPartnerProxy(() => `${partnerHost.baseUrl}/simulator/payconiq`);
    const database = await createTestDatabase();
    const dataDir = DRIVER === 'pglite' ? mkdtempSync(join(tmpdir(), 'passerelle-slow-partner-')) : undefined;
    let probe: KeepAliveConnection | undefined;
    let restarted: TestGateway | undefined;
    try {
      // Six payments at a partner of their own, made a minute ago: their first poll is long due.
      const seeding = await startTestGateway({ database, dataDir });
      seeding.clock.advance(-60_000);
      await addOwnContract(seeding, { contractNumber: 'PQSLOW', apiBaseUrl: proxy.url, host: partnerHost });
      const payments = [];
      for (let i = 0; i < 6; i++) payments.push(await openPartnerPayment(seeding, 'PQSLOW'));
      await seeding.close();

      proxy.hold((method) => method === 'GET');
      const serve = await spawnServe({
        ...DEMO_ENV,
        ...(dataDir ? { DATA_DIR: dataDir } : { DATABASE_URL: database.databaseUrl!, DATA_DIR: ':memory:' }),
        PASSERELLE_SECRET_KEY: SECRET_KEY,
        PASSERELLE_WORKER_INTERVAL_MS: '100',
        // Without abandoning them, the stop would wait a minute on these calls.
        PASSERELLE_PARTNER_TIMEOUT_MS: '60000',
      });
      try {
        await waitUntil(() => proxy.held > 0, 'the polls waiting on the partner', 30_000);
        // A load balancer's health check on its open connection.
        probe = new KeepAliveConnection(serve.port);
        assert.equal((await probe.request('GET', '/health/ready')).status, 200);

        const signalledAt = Date.now();
        serve.child.kill('SIGTERM');
        let ready: Answer;
        do ready = await probe.request('GET', '/health/ready');
        while (ready.status === 200 && !ready.closesConnection);
        const exit = await serve.exited;

        assert.equal(ready.status, 503);
        assert.deepEqual(JSON.parse(ready.body), { status: 'STOPPING' });
        assert.ok(ready.at - signalledAt < 1000, `readiness 503 ${ready.at - signalledAt} ms after the signal`);
        assert.equal(exit.code, 0, serve.output());
        assert.ok(exit.at - signalledAt < STOP_BOUND_MS, `exited ${exit.at - signalledAt} ms after the signal`);
        await waitUntil(
          () => proxy.held === 0,
          () => `the partner calls given up (${proxy.held} still waiting)`,
        );
        const asked = [...proxy.gets.values()].reduce((a, b) => a + b, 0);
        assert.equal(proxy.abandoned, asked, 'every poll sent was given up, none answered');
        t.diagnostic(
          `${asked} polls waiting on the partner; readiness 503 after ${ready.at - signalledAt} ms; exit after ${exit.at - signalledAt} ms`,
        );
      } finally {
        serve.child.kill('SIGKILL');
      }

      // Nothing was written; once the lease runs out, any gateway polls them again, once each.
      proxy.release();
      const before = payments.map((p) => proxy.gets.get(p.partnerId) ?? 0);
      restarted = await startTestGateway({ database, dataDir });
      for (const p of payments) assert.equal((await restarted.gateway.deps.sessions.get(p.token))?.pollAttempts, 0);
      restarted.clock.advance(61_000);
      await restarted.gateway.worker.runOnce();
      assert.deepEqual(
        payments.map((p) => proxy.gets.get(p.partnerId)),
        before.map((n) => n + 1),
      );
      for (const p of payments) assert.equal((await restarted.gateway.deps.sessions.get(p.token))?.pollAttempts, 1);
    } finally {
      probe?.close();
      await restarted?.close();
      await partnerHost.close();
      await proxy.close();
      await database.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a stop while polls wait on the embedded simulator made slow (slowMs): readiness 503 at once, exit 0 within 10 s', async (t) => {
    // LOG_LEVEL debug: the test sees the simulator's requests come in (at info they are not logged).
    const serve = await spawnServe({
      ...DEMO_ENV,
      DATA_DIR: ':memory:',
      LOG_LEVEL: 'debug',
      PASSERELLE_WORKER_INTERVAL_MS: '200',
    });
    const client = new KeepAliveConnection(serve.port);
    const headers = { authorization: AUTHORIZATION, 'content-type': 'application/json' };
    try {
      for (let i = 0; i < 6; i++) {
        const created = await client.request('POST', '/v1/checkout/sessions', {
          body: JSON.stringify(validSessionBody()),
          headers,
        });
        const page = new URL((JSON.parse(created.body) as { redirectURL: string }).redirectURL);
        assert.equal((await client.request('GET', `${page.pathname}${page.search}`)).status, 200);
      }
      // From now on the simulator answers every Merchant API call a minute late; the polls are due
      // 10 s after the pages opened.
      const quirks = await client.request('POST', '/simulator/payconiq/_simulator/quirks', {
        body: JSON.stringify({ slowMs: 60_000 }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(quirks.status, 200, quirks.body);
      const pollsWaiting = () =>
        serve
          .output()
          .split('\n')
          .filter(
            (line) =>
              /"msg":"incoming request"/.test(line) &&
              /"method":"GET","url":"\/simulator\/payconiq\/v3\/payments\//.test(line),
          ).length;
      await waitUntil(() => pollsWaiting() > 0, 'the polls waiting on the simulator', 30_000);

      const signalledAt = Date.now();
      serve.child.kill('SIGTERM');
      let ready: Answer;
      do ready = await client.request('GET', '/health/ready');
      while (ready.status === 200 && !ready.closesConnection);
      const exit = await serve.exited;
      assert.equal(ready.status, 503);
      assert.ok(ready.at - signalledAt < 1000, `readiness 503 ${ready.at - signalledAt} ms after the signal`);
      assert.equal(exit.code, 0, serve.output());
      assert.ok(exit.at - signalledAt < STOP_BOUND_MS, `exited ${exit.at - signalledAt} ms after the signal`);
      t.diagnostic(
        `${pollsWaiting()} polls waiting on the simulator; readiness 503 after ${ready.at - signalledAt} ms; exit after ${exit.at - signalledAt} ms`,
      );
    } finally {
      client.close();
      serve.child.kill('SIGKILL');
    }
  });
});
