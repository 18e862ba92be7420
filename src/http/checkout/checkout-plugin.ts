import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { exitUrl } from '../../domain/buyer-exit.js';
import { isFinal, payableUntil, type PaymentSession } from '../../domain/payment-session.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { cancelByBuyer } from '../../payments/cancel-by-buyer.js';
import { openPaymentPage } from '../../payments/open-payment-page.js';
import { watchPaymentPage } from '../../payments/watch-payment-page.js';
import { simulatePayer, simulatorPanel, type SimulatePayerOutcome } from '../../payments/simulate-payer.js';
import { pickLanguage, texts } from './i18n.js';
import { AssetBundle } from '../views/assets.js';
import { assetPlugin } from '../views/asset-plugin.js';
import type { CheckoutAssets } from './checkout-document.js';
import { renderSimulatorNotice, renderUnknownSession } from './error-pages.js';
import { renderPaymentPage } from './payment-page.js';

export interface CheckoutPluginOptions {
  deps: PaymentDeps;
  homologation: boolean;
}

const TOKEN = /^[A-Za-z0-9]{1,50}$/;

function securityHeaders(reply: FastifyReply, session?: PaymentSession): void {
  const exits = session ? [session.returnUrl, session.cancelUrl].map((u) => new URL(u).origin) : [];
  reply.header(
    'content-security-policy',
    `default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self' ${[...new Set(exits)].join(' ')}; frame-ancestors 'none'; base-uri 'none'`,
  );
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cache-control', 'no-store');
}

/** The hosted payment page (`redirectURL`) and the buyer's actions on it. */
export async function checkoutPlugin(
  app: FastifyInstance,
  { deps, homologation }: CheckoutPluginOptions,
): Promise<void> {
  await app.register(formbody, { bodyLimit: 4096 });
  const bundle = await AssetBundle.load('checkout', '/assets/checkout');
  await app.register(assetPlugin, { bundle });
  const assets: CheckoutAssets = { stylesheet: bundle.url('page.css'), script: bundle.url('page.js') };

  const language = (req: FastifyRequest, session?: PaymentSession) =>
    pickLanguage(session?.languageCode, req.headers['accept-language']);

  /** Live status for the page's script; the token is the capability, as for the page itself. */
  app.get<{ Querystring: { token?: string } }>('/v2/status', async (req, reply) => {
    const token = req.query.token ?? '';
    const session = TOKEN.test(token) ? await watchPaymentPage(deps, token) : undefined;
    reply.header('cache-control', 'no-store');
    if (!session) return reply.code(404).send({ error: 'unknown session' });
    const final = isFinal(session.resultCode);
    return {
      resultCode: session.resultCode,
      final,
      exitUrl: final ? exitUrl(session) : undefined,
      expiresAt: payableUntil(session).toISOString(),
      paymentLink: session.partnerPaymentLink,
    };
  });

  app.get<{ Querystring: { token?: string } }>('/v2/', async (req, reply) => {
    const token = req.query.token ?? '';
    const session = TOKEN.test(token) ? await openPaymentPage(deps, token) : undefined;
    const lang = language(req, session);
    securityHeaders(reply, session);
    if (!session)
      return reply
        .code(404)
        .type('text/html')
        .send(renderUnknownSession(assets, lang, texts(lang)));
    const panel = homologation ? simulatorPanel(deps, session) : undefined;
    return reply
      .type('text/html')
      .send(renderPaymentPage({ session, assets, lang, t: texts(lang), exitUrl: exitUrl(session), panel }));
  });

  const tokenOf = (req: FastifyRequest<{ Body: { token?: string } }>) => {
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    return TOKEN.test(token) ? token : undefined;
  };

  /**
   * Sends the buyer where the (possibly earlier) final result says; a still-open session (e.g. the action came before
   * the page was opened) goes back to the page.
   */
  function land(req: FastifyRequest, reply: FastifyReply, session: PaymentSession | undefined) {
    if (!session) {
      const lang = language(req);
      securityHeaders(reply);
      return reply
        .code(404)
        .type('text/html')
        .send(renderUnknownSession(assets, lang, texts(lang)));
    }
    return reply.redirect(isFinal(session.resultCode) ? exitUrl(session) : `/v2/?token=${session.token}`, 303);
  }

  app.post<{ Body: { token?: string } }>('/v2/cancel', async (req, reply) => {
    const token = tokenOf(req);
    return land(req, reply, token ? await cancelByBuyer(deps, token) : undefined);
  });

  /** A homologation button: it lands like the others once it acted, or says why its partner cannot be driven. */
  async function simulate(
    req: FastifyRequest<{ Body: { token?: string } }>,
    reply: FastifyReply,
    choice: 'pay' | 'abort',
  ) {
    const token = tokenOf(req);
    const outcome: SimulatePayerOutcome = token ? await simulatePayer(deps, token, choice) : { kind: 'unknown' };
    if (outcome.kind === 'unknown' || outcome.kind === 'acted')
      return land(req, reply, outcome.kind === 'acted' ? outcome.session : undefined);
    const lang = language(req, outcome.session);
    const t = texts(lang);
    const message =
      outcome.kind === 'real-partner'
        ? t.simulatorPayconiq.replace('{host}', outcome.host)
        : t.simulatorUnavailable.replace('{host}', outcome.host).replace('{reason}', outcome.reason);
    securityHeaders(reply, outcome.session);
    return reply
      .code(outcome.kind === 'real-partner' ? 409 : 502)
      .type('text/html')
      .send(renderSimulatorNotice(assets, lang, t, message, outcome.session.token));
  }

  if (homologation) {
    app.post<{ Body: { token?: string } }>('/v2/simulator/pay', (req, reply) => simulate(req, reply, 'pay'));
    app.post<{ Body: { token?: string } }>('/v2/simulator/abort', (req, reply) => simulate(req, reply, 'abort'));
  }
}
