import type { FastifyInstance } from 'fastify';

/**
 * How long the PHP SDK caches the list, in seconds: a changed PASSERELLE_PUBLIC_URL is followed
 * within five minutes, at the cost of one small GET per SDK cache every five minutes.
 */
export const SERVICES_ENDPOINTS_TTL_SECONDS = 300;

/**
 * `GET /services/servicesendpoints/SOAP/{merchantId}`: the endpoints directory of Payline's PHP
 * SDK. In its default failover mode the SDK fetches this list (plain GET, no credentials) before
 * doWebPayment, getWebPaymentDetails, doAuthorization and the other failover calls, appends
 * `/services/` to each URL and calls `{url}/services/{API}`, trying the next URL on a 5xx, a
 * timeout or result 02101/04901. Without the directory every such call logs a PHP warning and
 * falls back to the SDK's default endpoint.
 * The list is this gateway's SOAP base, the same for every merchant: nothing of any merchant is in
 * it, so the unauthenticated read tells nobody which merchant ids exist.
 */
export async function servicesEndpointsPlugin(app: FastifyInstance, opts: { publicUrl: string }): Promise<void> {
  const directory = JSON.stringify({ urls: [`${opts.publicUrl}/V4`], ttl: SERVICES_ENDPOINTS_TTL_SECONDS });
  app.get('/services/servicesendpoints/SOAP/:merchantId', { schema: { hide: true } }, async (_req, reply) =>
    reply
      .header('cache-control', `public, max-age=${SERVICES_ENDPOINTS_TTL_SECONDS}`)
      .type('application/json')
      .send(directory),
  );
}
