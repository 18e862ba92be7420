import { fastifyRequestContext } from '@fastify/request-context';
import swagger from '@fastify/swagger';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { partnerCallbackPlugin } from './partner-callbacks/partner-callback-plugin.js';
import { merchantJwksPlugin } from './partner-callbacks/merchant-jwks-plugin.js';
import type { Logger } from 'pino';
import type { BackOfficeDeps } from '../backoffice/deps.js';
import type { TrustProxy } from '../config.js';
import type { PaymentDeps } from '../payments/deps.js';
import { AccessLog } from './access-log.js';
import { backOfficePlugin } from './backoffice/backoffice-plugin.js';
import { randomHex } from '../domain/random-bytes.js';
import { loopbackLevel, requestLogger } from '../logger.js';
import type { SecretBox } from '../security/secret-box.js';
import { checkoutPlugin } from './checkout/checkout-plugin.js';
import { healthPlugin } from './health-plugin.js';
import { merchantAuthenticator } from './merchant-auth.js';
import { operatorPlugin } from './operator/operator-plugin.js';
import { restPlugin } from './rest/rest-plugin.js';
import { soapPlugin } from './soap/soap-plugin.js';
import { widgetPlugin } from './widget/widget-plugin.js';
import { servicesEndpointsPlugin } from './soap/services-endpoints-plugin.js';

export interface ServerOptions {
  deps: PaymentDeps;
  /** The back-office at /admin/ (src/backoffice's use cases). */
  backOffice: BackOfficeDeps;
  homologation: boolean;
  logger: Logger;
  /** The embedded partner simulator, mounted under its prefix (homologation). */
  simulator?: { plugin: FastifyPluginAsync; prefix: string } | undefined;
  /** The gateway's request-signing JWKS, served at /partners/payconiq/merchant-jwks. */
  merchantJwks?: (() => Promise<{ keys: Record<string, unknown>[] }>) | undefined;
  /** True once the process is stopping: the health endpoints then answer 503. */
  isStopping?: (() => boolean) | undefined;
  /** The CLI's merchant administration at /_operator/… (a gateway holding the embedded database). */
  operator?: { token: string; secrets: SecretBox } | undefined;
  /** Whose X-Forwarded-For is believed (default: a proxy on the same host only). */
  trustProxy?: TrustProxy | undefined;
}

const CLIENT_REQUEST_ID = /^[\w.:@-]{1,128}$/;

/**
 * The caller's X-Request-Id when it is a sane token (it goes into every log line of the request),
 * else a random one: unique across the processes sharing a load balancer, unlike a counter.
 */
function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomHex(8);
}

/** The HTTP surface: one encapsulated plugin per surface, all over the same use cases. */
export async function buildServer({
  deps,
  backOffice,
  homologation,
  logger,
  simulator,
  merchantJwks,
  operator,
  isStopping = () => false,
  trustProxy = ['loopback'],
}: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Fastify's request serializer logs method, URL and address only: no header, so no credential.
    loggerInstance: logger as FastifyBaseLogger,
    logController: new AccessLog(),
    trustProxy,
    bodyLimit: 64 * 1024,
    requestIdHeader: false,
    genReqId: requestId,
    childLoggerFactory: (parent, bindings, options) => requestLogger(parent as Logger, bindings, options),
    // A stop drains the connections before closing Fastify (src/http/http-drain.ts); a request
    // that still reaches a closing Fastify is served, not refused.
    return503OnClosing: false,
  });
  // The request id reaches every line logged while the request is handled, use cases included.
  await app.register(fastifyRequestContext, { defaultStoreValues: (req) => ({ reqId: String(req.id) }) });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  const authenticate = merchantAuthenticator(deps);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Passerelle REST API',
        version: '1',
        description: 'Monext Retail compatible checkout API (payment sessions) over Payconiq by Bancontact.',
      },
      servers: [{ url: deps.publicUrl }],
      components: {
        securitySchemes: { basic: { type: 'http', scheme: 'basic', description: 'merchantId:accessKey' } },
      },
      security: [{ basic: [] }],
    },
  });
  await app.register(healthPlugin, { isStopping });
  await app.register(restPlugin, { deps, authenticate });
  await app.register(soapPlugin, { deps, authenticate });
  await app.register(servicesEndpointsPlugin, { publicUrl: deps.publicUrl });
  await app.register(checkoutPlugin, { deps, homologation });
  await app.register(widgetPlugin, { deps, homologation });
  await app.register(partnerCallbackPlugin, { deps });
  // A key revoked in the back-office stops working at once, as one revoked through the operator API.
  await app.register(backOfficePlugin, {
    deps: backOffice,
    publicUrl: deps.publicUrl,
  });
  if (merchantJwks) await app.register(merchantJwksPlugin, { jwks: merchantJwks });
  if (simulator) await app.register(simulator.plugin, { prefix: simulator.prefix, logLevel: loopbackLevel(logger) });
  if (operator) {
    const context = { ...deps, audit: backOffice.audit, secrets: operator.secrets };
    await app.register(operatorPlugin, { token: operator.token, context });
  }
  app.get('/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/', { schema: { hide: true } }, async (_req, reply) =>
    reply
      .type('text/plain')
      .send(
        `Passerelle payment gateway (${homologation ? 'homologation' : 'production'})\nREST: ${deps.publicUrl}/v1/openapi.json\nSOAP: ${deps.publicUrl}/V4/services/WebPaymentAPI?wsdl\n`,
      ),
  );
  return app;
}
