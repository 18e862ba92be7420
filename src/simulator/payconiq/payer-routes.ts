import type { FastifyInstance, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import type { SimulatorContext } from './context.js';
import { SimulatorError } from './errors.js';
import { PAYER_ACTIONS, type PayerAction } from './lifecycle.js';
import { AssetBundle } from '../../http/views/assets.js';
import { assetPlugin } from '../../http/views/asset-plugin.js';
import { renderPayerPage, renderUnknownPayment } from './payer-page.js';

function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    )
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8');
}

/** Pixel sizes of the real generator's `s` parameter (doc §6). */
const QR_SIZES: Record<string, number> = { S: 180, M: 250, L: 400, XL: 800 };
const QR_COLORS: Record<string, string> = { magenta: '#ff4785ff', black: '#000000ff' };

/**
 * What the payer side of the partner serves: the deeplink target (the "phone" page), the QR image
 * generator and the payer actions. The actions have no auth: homologation only.
 */
export async function payerRoutes(app: FastifyInstance, opts: { sim: SimulatorContext }): Promise<void> {
  const { sim } = opts;

  const bundle = await AssetBundle.load('simulator', '/pay/assets');
  await app.register(assetPlugin, { bundle });
  // Relative to the page at {prefix}/pay/2/{id}, so any mount prefix works.
  const stylesheet = `../assets/${bundle.fileName('phone.css')}`;

  app.get<{ Params: { id: string }; Querystring: { notice?: string } }>('/pay/2/:id', async (req, reply) => {
    let payment;
    try {
      payment = await sim.core.find(req.params.id);
    } catch (err) {
      if (err instanceof SimulatorError && err.httpStatus === 404)
        return pageHeaders(reply).code(404).send(renderUnknownPayment(stylesheet));
      throw err;
    }
    const notice =
      req.query.notice === 'PAYMENT_NOT_PENDING'
        ? 'That action is no longer possible: the payment is final.'
        : undefined;
    return pageHeaders(reply).send(
      renderPayerPage(stylesheet, payment, await sim.dispatcher.list(payment.paymentId), notice),
    );
  });

  // Same query contract as qrcodegenerator.api.bancontact.net: c (payload), f (PNG|SVG), s, cl.
  app.get<{ Querystring: { c?: string; f?: string; s?: string; cl?: string } }>('/qrcode', async (req, reply) => {
    const { c, f = 'PNG', s = 'S', cl = 'magenta' } = req.query;
    const width = QR_SIZES[s.toUpperCase()];
    const dark = QR_COLORS[cl.toLowerCase()];
    if (!c || c.length > 2048 || !width || !dark || !['PNG', 'SVG'].includes(f.toUpperCase())) {
      throw new SimulatorError(400, 'FIELD_IS_INVALID', 'Field c, f, s or cl is invalid');
    }
    const options = { errorCorrectionLevel: 'M' as const, margin: 2, width, color: { dark, light: '#ffffffff' } };
    reply.header('cache-control', 'public, max-age=86400');
    if (f.toUpperCase() === 'SVG')
      return reply.type('image/svg+xml').send(await QRCode.toString(c, { ...options, type: 'svg' }));
    return reply.type('image/png').send(await QRCode.toBuffer(c, { ...options, type: 'png' }));
  });

  /**
   * A payer action. An HTML form gets a 303 back to the phone page (relative, so any prefix
   * works); an API caller gets JSON `{status}` or the partner-style error.
   */
  app.post<{ Params: { id: string; action: string } }>('/_simulator/payments/:id/:action', async (req, reply) => {
    const action = req.params.action as PayerAction;
    if (!PAYER_ACTIONS.includes(action))
      throw new SimulatorError(404, 'ACTION_NOT_FOUND', `Unknown action ${req.params.action}`);
    const fromForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const page = `../../../pay/2/${encodeURIComponent(req.params.id)}`;
    try {
      const status = await sim.core.act(req.params.id, action);
      return fromForm ? reply.redirect(page, 303) : { status };
    } catch (err) {
      if (fromForm && err instanceof SimulatorError && err.code === 'PAYMENT_NOT_PENDING')
        return reply.redirect(`${page}?notice=PAYMENT_NOT_PENDING`, 303);
      throw err;
    }
  });
}
