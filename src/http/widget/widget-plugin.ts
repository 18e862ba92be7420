import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PaymentSession } from '../../domain/payment-session.js';
import { cancelByBuyer } from '../../payments/cancel-by-buyer.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { getTokenStatus } from '../../payments/get-token-status.js';
import { openPaymentPage } from '../../payments/open-payment-page.js';
import { simulatePayer, simulatorPanel } from '../../payments/simulate-payer.js';
import { watchPaymentPage } from '../../payments/watch-payment-page.js';
import { pickLanguage } from '../checkout/i18n.js';
import { loadWidgetAsset, sendWidgetAsset } from './widget-assets.js';
import { widgetTexts } from './widget-texts.js';
import { widgetView } from './widget-view.js';

export interface WidgetPluginOptions {
  deps: PaymentDeps;
  homologation: boolean;
}

const TOKEN = /^[A-Za-z0-9]{1,50}$/;
const API = '/v2/widget/sessions/:token';
type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

/**
 * Payline's paths, and those of Payline's CDN (`…cdn.payline.com/cdn/scripts/widget-min.js`): only
 * the host changes.
 */
const ASSET_PREFIXES = ['', '/cdn'];

/**
 * Payline's payment widget: its script and style sheet at Payline's paths, and the JSON API the
 * script calls from the merchant's page. The token is the capability (no cookie, no ambient
 * credential), so any origin may call; every change of state is a POST.
 */
export async function widgetPlugin(app: FastifyInstance, { deps, homologation }: WidgetPluginOptions): Promise<void> {
  const script = loadWidgetAsset('widget.js', 'text/javascript; charset=utf-8');
  const style = loadWidgetAsset('widget.css', 'text/css; charset=utf-8');
  for (const prefix of ASSET_PREFIXES) {
    app.get(`${prefix}/scripts/widget-min.js`, (req, reply) => sendWidgetAsset(req, reply, script));
    app.get(`${prefix}/styles/widget-min.css`, (req, reply) => sendWidgetAsset(req, reply, style));
  }

  app.addHook('onRequest', async (_req, reply) => {
    reply.header('access-control-allow-origin', '*');
  });
  app.options('/v2/widget/*', (_req, reply) =>
    reply
      .code(204)
      .header('access-control-allow-methods', 'GET, POST')
      .header('access-control-allow-headers', 'content-type')
      .header('access-control-max-age', '600')
      .send(),
  );

  const refuse = (reply: FastifyReply, status: number, error: string, message: string) =>
    reply.code(status).header('cache-control', 'no-store').send({ error, message });

  /** The token of the path, or a 400 already sent. */
  const tokenOf = (req: TokenRequest, reply: FastifyReply): string | undefined => {
    if (TOKEN.test(req.params.token)) return req.params.token;
    void refuse(reply, 400, 'invalid-token', 'A token is 1 to 50 letters and digits');
    return undefined;
  };

  const answer = (req: FastifyRequest, reply: FastifyReply, session: PaymentSession | undefined) => {
    if (!session) return refuse(reply, 404, 'unknown-session', 'No payment session has this token');
    const lang = pickLanguage(session.languageCode, req.headers['accept-language']);
    const panel = homologation ? simulatorPanel(deps, session) : undefined;
    return reply
      .header('cache-control', 'no-store')
      .send(widgetView({ session, lang, t: widgetTexts(lang), now: deps.clock.now(), homologation, panel }));
  };

  /** A POST action on the session; any other method is refused, so no link or prefetch changes a payment. */
  const action = (path: string, act: (token: string, req: TokenRequest, reply: FastifyReply) => Promise<unknown>) => {
    app.post(`${API}${path}`, { bodyLimit: 1024 }, async (req: TokenRequest, reply) => {
      const token = tokenOf(req, reply);
      return token ? act(token, req, reply) : reply;
    });
    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url: `${API}${path}`,
      handler: (_req, reply) =>
        refuse(
          reply.header('allow', 'POST'),
          405,
          'method-not-allowed',
          `${path.slice(1)} changes the payment: POST it`,
        ),
    });
  };

  /** The session as the widget shows it; read only, polled while the buyer pays. */
  app.get(API, async (req: TokenRequest, reply) => {
    const token = tokenOf(req, reply);
    return token ? answer(req, reply, await watchPaymentPage(deps, token)) : reply;
  });

  app.get(`${API}/status`, async (req: TokenRequest, reply) => {
    const token = tokenOf(req, reply);
    return token
      ? reply.header('cache-control', 'no-store').send({ token, status: await getTokenStatus(deps, token) })
      : reply;
  });

  /**
   * The buyer chose Payconiq: the buyer is on the page (02306) and the partner payment is created,
   * as when the hosted page opens.
   */
  action('/payment', async (token, req, reply) => answer(req, reply, await openPaymentPage(deps, token)));

  action('/cancel', async (token, req, reply) => answer(req, reply, await cancelByBuyer(deps, token)));

  if (homologation) {
    for (const choice of ['pay', 'abort'] as const) {
      action(`/simulator/${choice}`, async (token, req, reply) => {
        const outcome = await simulatePayer(deps, token, choice);
        if (outcome.kind === 'unknown' || outcome.kind === 'acted')
          return answer(req, reply, outcome.kind === 'acted' ? outcome.session : undefined);
        const t = widgetTexts(pickLanguage(outcome.session.languageCode, req.headers['accept-language']));
        return outcome.kind === 'real-partner'
          ? refuse(reply, 409, 'simulator-real-partner', t.simulatorPayconiq.replace('{host}', outcome.host))
          : refuse(
              reply,
              502,
              'simulator-unavailable',
              t.simulatorUnavailable.replace('{host}', outcome.host).replace('{reason}', outcome.reason),
            );
      });
    }
  }
}
