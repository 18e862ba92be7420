import assert from 'node:assert/strict';
import type { BackOfficeUser, Profile } from '../../src/domain/back-office-user.js';
import { hashPassword } from '../../src/security/password-hash.js';
import { base32Decode, totpCode, totpStep } from '../../src/security/totp.js';
import { ensureFirstOperator } from '../../src/backoffice/first-users.js';
import { buildContract, buildPointOfSale } from '../../src/merchants/configure-contract.js';
import { createMerchant } from '../../src/merchants/create-merchant.js';
import { useSuiteFixture } from './suite-fixture.js';
import { startTestGateway, type TestGateway, type TestGatewayOptions } from './test-gateway.js';

export const OPERATOR = { email: 'ops@passerelle.test', password: 'operator password 1' };

export interface BoResponse {
  status: number;
  location: string | null;
  html: string;
  headers: Headers;
}

/**
 * A browser as the back-office sees it, over real HTTP: a cookie jar, forms posted with the
 * page's Origin and its anti-forgery token (both can be left out or changed to attack).
 */
export class BoClient {
  readonly cookies = new Map<string, string>();
  /** The `_csrf` of the last page that had a form. */
  csrf: string | undefined;

  constructor(readonly baseUrl: string) {}

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /Max-Age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: 'GET' | 'POST', path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), ...init.headers },
      body: init.body,
    });
    this.remember(res);
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, location: res.headers.get('location'), html, headers: res.headers };
  }

  get(path: string): Promise<BoResponse> {
    return this.request('GET', path);
  }

  /** A form post; `csrf: null` leaves the token out, `origin: null` the Origin header. */
  post(
    path: string,
    fields: Record<string, string | string[]> = {},
    opts: { csrf?: string | null; origin?: string | null } = {},
  ): Promise<BoResponse> {
    const body = new URLSearchParams();
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (csrf !== null && csrf !== undefined) body.append('_csrf', csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const origin = opts.origin === undefined ? new URL(this.baseUrl).origin : opts.origin;
    return this.request('POST', path, {
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin !== null && { origin }) },
    });
  }

  /** Opens the sign-in page (for its token) and signs in; returns the answer to the form. */
  async signIn(email: string, password: string): Promise<BoResponse> {
    await this.get('/admin/sign-in');
    return this.post('/admin/sign-in', { email, password });
  }

  /** Signs in and expects to land signed in (no second factor). */
  async signedIn(email: string, password: string): Promise<void> {
    const res = await this.signIn(email, password);
    assert.equal(res.status, 303, res.html);
    assert.equal(res.location, '/admin/');
    await this.get('/admin/account');
  }

  get sessionCookie() {
    return this.cookies.get('passerelle_admin');
  }
}

/** A user stored directly (test setup), with this password. */
export async function addUser(
  t: TestGateway,
  user: { email: string; password: string; profile: Profile; merchantId?: string; pointOfSaleIds?: string[] },
): Promise<BackOfficeUser> {
  const stored: BackOfficeUser = {
    id: t.gateway.backOffice.boIds.userId(),
    email: user.email,
    displayName: user.email.split('@')[0]!,
    profile: user.profile,
    merchantId: user.merchantId,
    pointOfSaleIds: user.pointOfSaleIds ?? [],
    createdAt: t.clock.now(),
  };
  await t.gateway.backOffice.users.create({ user: stored, passwordHash: await hashPassword(user.password) });
  return stored;
}

/** A new user of the fixture's merchant with this profile (and points of sale), signed in. */
export async function signedInAs(
  f: BackOfficeFixture,
  profile: Profile,
  pointOfSaleIds: string[] = [],
): Promise<BoClient> {
  const email = `${profile}-${Math.random().toString(36).slice(2, 8)}@demo.example`;
  await addUser(f.t, { email, password: 'profile password 1', profile, merchantId: f.merchantId, pointOfSaleIds });
  const b = f.client();
  await b.signedIn(email, 'profile password 1');
  return b;
}

/** The code an authenticator app shows for this base32 secret at the gateway's (fake) time, `stepOffset` steps on. */
export function totpNow(t: TestGateway, secret: string, stepOffset = 0): string {
  return totpCode(base32Decode(secret), totpStep(t.clock.now()) + stepOffset);
}

/** A text as it appears once escaped in the page. */
export const escaped = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface BackOfficeFixture {
  t: TestGateway;
  /** The demo merchant (DemoShop, PAYCONIQFP) and another one with a point of sale and a contract of its own. */
  merchantId: string;
  otherMerchantId: string;
  otherPointOfSaleId: string;
  /** A browser signed in as the operator. */
  operator: BoClient;
  client(): BoClient;
  close(): Promise<void>;
}

/** A gateway with its first operator signed in, and a second merchant to try to reach. */
export async function startBackOffice(opts: TestGatewayOptions = {}): Promise<BackOfficeFixture> {
  const t = await startTestGateway(opts);
  try {
    const bo = t.gateway.backOffice;
    await ensureFirstOperator(bo, OPERATOR);
    const { merchant } = await createMerchant(
      bo,
      { companyName: 'Other SA', tradeName: 'Other shop' },
      {
        accessKey: { label: 'initial' },
        setup: (m) => {
          const pos = buildPointOfSale(bo, { merchantId: m.id, label: 'OtherShop' });
          const contract = buildContract({
            merchantId: m.id,
            contractNumber: 'OTHERPQ',
            cardCode: 'PAYCONIQ_MNXT',
            pointOfSaleId: pos.id,
            partnerContractId: 'OTHER',
          });
          return { pointsOfSale: [pos], contracts: [contract] };
        },
      },
    );
    const [otherPos] = await bo.merchants.listPointsOfSale(merchant.id);
    const operator = new BoClient(t.baseUrl);
    await operator.signedIn(OPERATOR.email, OPERATOR.password);
    return {
      t,
      merchantId: t.merchantId,
      otherMerchantId: merchant.id,
      otherPointOfSaleId: otherPos!.id,
      operator,
      client: () => new BoClient(t.baseUrl),
      close: () => t.close(),
    };
  } catch (err) {
    await t.close();
    throw err;
  }
}

/** The suite's back-office fixture (useSuiteFixture). */
export function useBackOffice(opts: TestGatewayOptions = {}): BackOfficeFixture {
  return useSuiteFixture(
    () => startBackOffice(opts),
    (f) => f.close(),
  );
}

/** The id of the first point of sale the merchant has (its demo one). */
export async function firstPointOfSale(t: TestGateway, merchantId: string): Promise<string> {
  const [pos] = await t.gateway.backOffice.merchants.listPointsOfSale(merchantId);
  return pos!.id;
}
