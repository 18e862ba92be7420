import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, beforeEach, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { settlePayment } from '../../src/payments/steps/settle-payment.js';
import { validSessionBody } from '../support/rest-client.js';
import { doWebPaymentEnvelope } from '../support/soap-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

type Line = Record<string, unknown> & { msg?: string; level: number; reqId?: string };

/** What an operator reads in the log: every line of a request names it, nothing floods `info`. */
describe('logs an operator can read', () => {
  let t: TestGateway;
  const raw: string[] = [];
  const lines = () => raw.map((l) => JSON.parse(l) as Line);

  before(async () => {
    t = await startTestGateway({ logger: createLogger('info', { write: (line: string) => void raw.push(line) }) });
  });
  beforeEach(() => {
    raw.length = 0;
  });
  after(() => t.close());

  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${t.baseUrl}${path}`, { method: 'POST', headers: { authorization: t.authorization, ...headers }, body });

  it('every line written while a request is handled carries its request id, use-case lines included, once', async () => {
    const rest = await post('/v1/checkout/sessions', JSON.stringify(validSessionBody()), {
      'content-type': 'application/json',
      'x-request-id': 'rest-req-1',
    });
    assert.equal(rest.status, 201);
    const soap = await post('/V4/services/WebPaymentAPI', doWebPaymentEnvelope(), {
      'content-type': 'text/xml',
      'x-request-id': 'soap-req-2',
    });
    assert.match(await soap.text(), /<obj:code>00000<\/obj:code>/);

    for (const reqId of ['rest-req-1', 'soap-req-2']) {
      const mine = lines()
        .filter((l) => l.reqId === reqId)
        .map((l) => l.msg);
      assert.deepEqual(
        mine.filter((m) => m === 'incoming request' || m === 'request completed'),
        ['request completed'],
        `${reqId}: one access line at info`,
      );
      assert.ok(
        mine.includes('web payment created'),
        `${reqId}: the use case's line carries the request id (${mine.join(', ')})`,
      );
    }
    const access = lines().find((l) => l.reqId === 'rest-req-1' && l.msg === 'request completed') as Line & {
      req: { method: string; url: string };
      res: { statusCode: number };
      responseTime: number;
    };
    assert.deepEqual(
      [access.req.method, access.req.url, access.res.statusCode],
      ['POST', '/v1/checkout/sessions', 201],
    );
    assert.equal(typeof access.responseTime, 'number');
    for (const line of raw) assert.ok((line.match(/"reqId"/g) ?? []).length <= 1, `reqId written once: ${line}`);
    assert.equal(rest.headers.get('x-request-id'), 'rest-req-1', 'the id is echoed to the caller');
  });

  it('a request without a usable X-Request-Id gets a random id, echoed in the answer', async () => {
    const ids: (string | null)[] = [];
    for (const given of [undefined, 'x'.repeat(200), 'bad id with spaces']) {
      const res = await fetch(`${t.baseUrl}/v1/checkout/alive`, {
        headers: given === undefined ? {} : { 'x-request-id': given },
      });
      ids.push(res.headers.get('x-request-id'));
    }
    for (const id of ids) assert.match(id ?? '', /^[0-9a-f]{16}$/);
    assert.equal(new Set(ids).size, 3);
  });

  it("the embedded simulator's loopback traffic stays out of the access log at info", async () => {
    const created = (await (
      await post('/v1/checkout/sessions', JSON.stringify(validSessionBody()), { 'content-type': 'application/json' })
    ).json()) as { sessionId: string };
    const token = created.sessionId;
    assert.equal((await fetch(`${t.baseUrl}/v2/?token=${token}`)).status, 200);
    const paid = await fetch(`${t.baseUrl}/v2/simulator/pay`, {
      method: 'POST',
      body: new URLSearchParams({ token }),
      redirect: 'manual',
    });
    assert.equal(paid.status, 303);
    await t.gateway.simulator!.idle();

    const urls = lines()
      .map((l) => (l.req as { url?: string } | undefined)?.url)
      .filter((u): u is string => u !== undefined);
    assert.ok(
      urls.some((u) => u.startsWith('/v2/simulator/pay')),
      'the buyer-facing request is logged',
    );
    assert.ok(
      urls.some((u) => u.startsWith('/partners/payconiq/callback')),
      'the partner callback to the gateway is logged',
    );
    assert.deepEqual(
      urls.filter((u) => u.startsWith('/simulator/payconiq')),
      [],
      'no simulator route at info',
    );
    assert.deepEqual(
      lines()
        .filter((l) => l.component === 'payconiq-simulator')
        .map((l) => l.msg),
      [],
      "nor the simulator's own lines",
    );
  });

  it('a late partner status after the final result is not a warning; a contradicting final one is', async () => {
    const simulator = t.gateway.simulator!;
    await simulator.setQuirks({ outOfOrderCallbacks: true });
    let token: string;
    try {
      const created = (await (
        await post('/v1/checkout/sessions', JSON.stringify(validSessionBody()), { 'content-type': 'application/json' })
      ).json()) as { sessionId: string };
      await fetch(`${t.baseUrl}/v2/?token=${created.sessionId}`);
      await fetch(`${t.baseUrl}/v2/simulator/pay`, {
        method: 'POST',
        body: new URLSearchParams({ token: created.sessionId }),
        redirect: 'manual',
      });
      await simulator.idle();
      token = created.sessionId;
    } finally {
      await simulator.setQuirks({ outOfOrderCallbacks: false });
    }
    const late = lines().filter((l) => /after the final result/.test(l.msg ?? ''));
    assert.ok(late.length >= 1, 'the late AUTHORIZED is logged');
    assert.deepEqual(
      late.map((l) => l.level),
      late.map(() => 30),
      'at info',
    );
    assert.deepEqual(
      lines()
        .filter((l) => l.level >= 40)
        .map((l) => l.msg),
      [],
      'no warning for an ordinary payment',
    );

    await settlePayment(t.gateway.deps, token, { status: 'CANCELLED', source: 'callback' });
    assert.deepEqual(
      lines()
        .filter((l) => l.level === 40)
        .map((l) => [l.msg, l.resultCode, l.partnerStatus]),
      [['final partner status contradicting the final result: ignored', '00000', 'CANCELLED']],
    );
  });
});

describe('log format', () => {
  it('LOG_FORMAT chooses pretty or JSON; the default follows whether stdout is a terminal', () => {
    assert.equal(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat, 'pretty');
    assert.equal(loadConfig({ LOG_FORMAT: 'json' }).logFormat, 'json');
    assert.equal(loadConfig({}).logFormat, process.stdout.isTTY ? 'pretty' : 'json');
    assert.throws(() => loadConfig({ LOG_FORMAT: 'xml' }), /LOG_FORMAT/);
  });

  it('pretty writes one human line per entry on stdout, credentials still redacted', () => {
    const script = `import('./src/logger.ts').then(({ createLogger }) => createLogger('info', undefined, 'pretty').info({ token: 'T1', accessKey: 'secret-key' }, 'web payment created'))`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    assert.match(out, /INFO.*web payment created/);
    assert.match(out, /"token":"T1"/);
    assert.equal(out.trim().split('\n').length, 1, 'one line');
    assert.doesNotMatch(out, /secret-key/);
    assert.doesNotMatch(out, /^\{/m, 'no JSON line');
  });
});
