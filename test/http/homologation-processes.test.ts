import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { DEFAULT_PROFILE, startStandaloneSimulator, type StandaloneSimulator } from '../../src/cli/simulator.js';
import { renderPaymentPage } from '../../src/http/checkout/payment-page.js';
import { texts } from '../../src/http/checkout/i18n.js';
import { simulatorPanel } from '../../src/payments/simulate-payer.js';
import { createContract } from '../../src/merchants/configure-contract.js';
import { createSecretBox } from '../../src/security/secret-box.js';
import { startLoadBalancer, type LoadBalancer } from '../support/load-balancer.js';
import { refundRows, restRefund } from '../support/refund-client.js';
import { doWebPaymentEnvelope, getWebPaymentDetailsEnvelope, postSoap } from '../support/soap-client.js';
import { createTestDatabase, DRIVER, type TestDatabase } from '../support/test-database.js';
import { freePort, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * Homologation behind a load balancer and across restarts: the embedded simulator is one partner
 * for every gateway process on the database, so a buyer's MAKE A PAYMENT, a refund or a callback
 * may reach any process, and a process started anew still knows the payments open at the partner.
 */

/** The buyer's browser: opens the hosted page on one process. */
async function openPage(t: TestGateway, token: string): Promise<string> {
  const res = await fetch(`${t.baseUrl}/v2/?token=${token}`);
  assert.equal(res.status, 200);
  return res.text();
}

/** …and presses a homologation button, which may reach another process. */
async function press(
  t: TestGateway,
  button: 'pay' | 'abort',
  token: string,
): Promise<{ status: number; location: string | null; body: string }> {
  const res = await fetch(`${t.baseUrl}/v2/simulator/${button}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${token}`,
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

async function newSession(t: TestGateway, fields: Parameters<typeof doWebPaymentEnvelope>[0] = {}): Promise<string> {
  const created = await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope(fields));
  const token = created.field('token');
  assert.ok(token, created.body);
  return token;
}

async function resultOf(t: TestGateway, token: string): Promise<{ code: string | undefined; id: string | undefined }> {
  const details = await postSoap(t, 'WebPaymentAPI', getWebPaymentDetailsEnvelope(token));
  return { code: details.field('code'), id: details.field('id') };
}

const partnerPaymentId = async (t: TestGateway, token: string) =>
  (await t.gateway.deps.sessions.get(token))!.partnerPaymentId!;

// PGlite is embedded in one process by design: several gateway processes exist in the PostgreSQL run only.
if (DRIVER === 'postgres')
  describe('three gateway processes on one PostgreSQL behind one public URL', () => {
    let database: TestDatabase;
    let lb: LoadBalancer;
    let a: TestGateway;
    let b: TestGateway;
    let c: TestGateway;

    before(async () => {
      database = await createTestDatabase();
      lb = await startLoadBalancer();
      const env = { PASSERELLE_PUBLIC_URL: lb.url };
      [a, b, c] = await Promise.all([
        startTestGateway({ database, env }),
        startTestGateway({ database, env }),
        startTestGateway({ database, env }),
      ]);
      lb.backends.push(a.baseUrl, b.baseUrl, c.baseUrl);
    });
    after(async () => {
      await Promise.all([a, b, c].map((t) => t.close()));
      await lb.close();
      await database.drop();
    });

    it('the page opened on A, MAKE A PAYMENT pressed on B: 00000 ACCEPTED, for every session', async () => {
      for (let i = 0; i < 6; i++) {
        const token = await newSession(a, { orderRef: `LB-PAY-${i}` });
        await openPage(a, token);
        const pressed = await press(b, 'pay', token);
        assert.equal(pressed.status, 303);
        assert.equal(
          pressed.location,
          `https://shop.example/return?paylinetoken=${token}`,
          `session ${i} is paid when the button lands`,
        );
        assert.equal((await resultOf(c, token)).code, '00000');
      }
    });

    it('ABORT on another process than the page: 02008 CANCELLED', async () => {
      const token = await newSession(b);
      await openPage(b, token);
      const pressed = await press(c, 'abort', token);
      assert.equal(pressed.location, `https://shop.example/cancel?paylinetoken=${token}`);
      assert.equal((await resultOf(a, token)).code, '02008');
    });

    it('a refund asked through C of a payment paid through A is accepted and ends REFUNDED', async () => {
      const token = await newSession(a, { amount: '1000', orderAmount: '1000' });
      await openPage(a, token);
      await press(a, 'pay', token);
      const { code, id } = await resultOf(a, token);
      assert.equal(code, '00000');
      await a.gateway.simulator!.idle();
      const refund = await restRefund(c, id!, { amount: 400 }, { key: 'LB-REFUND-1' });
      assert.equal(refund.status, 201, refund.body);
      assert.equal(refund.json.result.code, '00000');
      // The partner settles it (any process's tick), C reads it back at its next follow-up. Time
      // passes for every process alike: a process ahead of the others would sign callbacks they
      // find dated in the future.
      await b.gateway.simulator!.tick();
      for (const t of [a, b, c]) t.clock.advanceMinutes(6);
      await c.gateway.worker.runOnce();
      const [row] = await refundRows(c, id!);
      assert.deepEqual([row?.status, row?.result_code], ['REFUNDED', '00000']);
    });

    it('paid through B and aborted through C at the same moment: one final status here and at the partner, one callback per status', async () => {
      for (let i = 0; i < 4; i++) {
        const token = await newSession(a, { orderRef: `LB-RACE-${i}` });
        await openPage(a, token);
        const [paid, aborted] = await Promise.all([press(b, 'pay', token), press(c, 'abort', token)]);
        assert.deepEqual([paid.status, aborted.status], [303, 303]);
        await Promise.all([a, b, c].map((t) => t.gateway.simulator!.idle()));
        const { code } = await resultOf(a, token);
        assert.ok(code === '00000' || code === '02008', `final: ${code}`);
        const landing = code === '00000' ? 'return' : 'cancel';
        assert.equal(
          paid.location,
          `https://shop.example/${landing}?paylinetoken=${token}`,
          'both buttons land on the one result',
        );
        assert.equal(aborted.location, paid.location);
        const deliveries = await a.gateway.simulator!.callbacks(await partnerPaymentId(a, token));
        assert.deepEqual(
          deliveries.map((d) => d.status),
          code === '00000' ? ['AUTHORIZED', 'SUCCEEDED'] : ['CANCELLED'],
        );
        assert.ok(
          deliveries.every((d) => d.state === 'delivered'),
          `through the public URL, to whichever process: ${JSON.stringify(deliveries.map((d) => [d.state, d.lastResult, d.attempts]))}`,
        );
      }
    });

    it('a process closed and a new one started: a payment still pending at the simulator is there and payable', async () => {
      const token = await newSession(a);
      await openPage(a, token);
      const pending = await partnerPaymentId(a, token);
      await a.close();
      a = await startTestGateway({ database, env: { PASSERELLE_PUBLIC_URL: lb.url } });
      lb.backends.splice(0, 1, a.baseUrl);
      const pressed = await press(a, 'pay', token);
      assert.equal(pressed.location, `https://shop.example/return?paylinetoken=${token}`);
      assert.equal((await resultOf(b, token)).code, '00000');
      assert.equal((await a.gateway.simulator!.callbacks(pending)).at(-1)?.status, 'SUCCEEDED');
    });
  });

describe(`the embedded simulator across a restart on ${DRIVER}`, () => {
  it('a gateway started again on the same data keeps the payments pending at its simulator, payable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-sim-restart-'));
    const database = await createTestDatabase();
    // The same address after the restart, as a real deployment keeps its public URL.
    const port = await freePort();
    try {
      let t = await startTestGateway({ database, dataDir, port });
      const token = await newSession(t);
      await openPage(t, token);
      await t.close();
      t = await startTestGateway({ database, dataDir, port });
      try {
        const pressed = await press(t, 'pay', token);
        assert.equal(pressed.location, `https://shop.example/return?paylinetoken=${token}`);
        assert.equal((await resultOf(t, token)).code, '00000');
      } finally {
        await t.close();
      }
    } finally {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe(`homologation buttons for contracts with their own partner on ${DRIVER}`, () => {
  const GATEWAY_SECRET_KEY = Buffer.alloc(32, 7);
  let t: TestGateway;
  let standalone: StandaloneSimulator;
  let port: number;
  let simulatorUrl: string;
  // What `npx passerelle simulator --port N` runs.
  const startStandalone = () =>
    startStandaloneSimulator({
      host: '127.0.0.1',
      port,
      publicUrl: simulatorUrl,
      profile: DEFAULT_PROFILE,
      logger: pino({ level: 'silent' }),
    });

  before(async () => {
    t = await startTestGateway();
    port = await freePort();
    simulatorUrl = `http://127.0.0.1:${port}`;
    standalone = await startStandalone();
    const [pos] = await t.gateway.deps.merchants.listPointsOfSale(t.merchantId);
    const box = createSecretBox(GATEWAY_SECRET_KEY);
    // As `passerelle contract create … --api-base-url http://127.0.0.1:N --jwks-url http://127.0.0.1:N/jwks/` does.
    await createContract(t.gateway.deps, {
      cardCode: 'PAYCONIQ_MNXT',
      merchantId: t.merchantId,
      contractNumber: 'PQSTANDALONE',
      pointOfSaleId: pos!.id,
      partnerContractId: DEFAULT_PROFILE.merchantId,
      partnerSettings: {
        apiKey: box.seal(DEFAULT_PROFILE.apiKey),
        ppid: DEFAULT_PROFILE.ppid,
        apiBaseUrl: simulatorUrl,
        jwksUrl: `${simulatorUrl}/jwks/`,
      },
    });
    await createContract(t.gateway.deps, {
      cardCode: 'PAYCONIQ_MNXT',
      merchantId: t.merchantId,
      contractNumber: 'PQLIVE',
      pointOfSaleId: pos!.id,
      partnerContractId: 'LIVEMERCHANT',
      partnerSettings: {
        apiKey: box.seal('a-real-key'),
        ppid: 'a'.repeat(24),
        apiBaseUrl: 'https://merchant.api.preprod.bancontact.net',
        jwksUrl: 'https://jwks.preprod.bancontact.net/',
      },
    });
  });
  after(async () => {
    await t.close();
    await standalone.close();
  });

  it('a standalone simulator: MAKE A PAYMENT pays, ABORT cancels, the phone link is its payer page', async () => {
    const paid = await newSession(t, { contractNumber: 'PQSTANDALONE' });
    const page = await openPage(t, paid);
    const id = await partnerPaymentId(t, paid);
    const phone = /data-testid="simulator-phone" href="([^"]+)"/.exec(page)?.[1];
    assert.equal(phone, `${simulatorUrl}/pay/2/${id}`, "the partner's own payer page");
    const payer = await fetch(phone!);
    assert.equal(payer.status, 200);
    assert.match(await payer.text(), /Payconiq simulator · the payer's phone[\s\S]*PENDING/);
    assert.equal((await press(t, 'pay', paid)).location, `https://shop.example/return?paylinetoken=${paid}`);
    assert.equal((await resultOf(t, paid)).code, '00000');
    assert.match(await (await fetch(phone!)).text(), /SUCCEEDED/);

    const aborted = await newSession(t, { contractNumber: 'PQSTANDALONE' });
    await openPage(t, aborted);
    assert.equal((await press(t, 'abort', aborted)).location, `https://shop.example/cancel?paylinetoken=${aborted}`);
    assert.equal((await resultOf(t, aborted)).code, '02008');
    await standalone.sim.idle();
  });

  it('a standalone simulator stopped, then restarted (its payments were in memory): a page that says so, not a silent return to the page', async () => {
    const token = await newSession(t, { contractNumber: 'PQSTANDALONE' });
    await openPage(t, token);
    const id = await partnerPaymentId(t, token);
    await standalone.close();
    const down = await press(t, 'pay', token);
    assert.equal(down.status, 502);
    assert.match(
      down.body,
      /The simulator at 127\.0\.0\.1:\d+ did not take the action: unreachable \(ECONNREFUSED\)\./,
    );
    standalone = await startStandalone();
    const pressed = await press(t, 'pay', token);
    assert.equal(pressed.status, 502);
    assert.match(
      pressed.body,
      new RegExp(
        `The simulator at 127\\.0\\.0\\.1:\\d+ did not take the action: the simulator does not know payment ${id}\\.`,
      ),
    );
    assert.match(pressed.body, new RegExp(`href="/v2/\\?token=${token}"`));
  });

  it('a contract on the real Payconiq: the buttons answer a readable page and call nobody; the panel says to pay with the app', async () => {
    const token = await newSession(t, { contractNumber: 'PQLIVE' });
    for (const button of ['pay', 'abort'] as const) {
      const pressed = await press(t, button, token);
      assert.equal(pressed.status, 409);
      assert.match(
        pressed.body,
        /This contract is connected to Payconiq at merchant\.api\.preprod\.bancontact\.net: there is no simulator to drive, pay with the Payconiq by Bancontact app\./,
      );
      assert.match(pressed.body, new RegExp(`href="/v2/\\?token=${token}"`));
    }
    assert.equal(
      (await t.gateway.deps.sessions.get(token))!.partnerPaymentId,
      undefined,
      'no payment was created at the real partner',
    );
    // Opening the page would create the payment at Payconiq (not reachable from a test): the page of one with
    // Payconiq's link.
    const session = {
      ...(await t.gateway.deps.sessions.get(token))!,
      resultCode: '02306' as const,
      partnerPaymentId: 'b'.repeat(24),
      partnerPaymentLink: `https://pay.bancontact.net/pay/2/${'b'.repeat(24)}`,
    };
    const panel = simulatorPanel(t.gateway.deps, session);
    assert.deepEqual(panel, { kind: 'real-partner', host: 'pay.bancontact.net' });
    const html = renderPaymentPage({
      session,
      assets: { stylesheet: '/page.css', script: '/page.js' },
      lang: 'en',
      t: texts('en'),
      exitUrl: 'https://shop.example/return',
      panel,
    });
    assert.match(
      html,
      /data-testid="simulator-payconiq">This contract is connected to Payconiq at pay\.bancontact\.net: there is no simulator to drive, pay with the Payconiq by Bancontact app\./,
    );
    assert.doesNotMatch(html, /make-payment|simulator-phone/);
  });
});
