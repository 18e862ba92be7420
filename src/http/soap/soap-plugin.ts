import type { FastifyInstance, FastifyReply } from 'fastify';
import { refuseCardData } from '../../domain/card-data.js';
import { GatewayError } from '../../domain/gateway-error.js';
import type { PaymentDeps } from '../../payments/deps.js';
import type { MerchantAuthenticator } from '../merchant-auth.js';
import { notAvailable, SOAP_OPERATIONS } from './operations/registry.js';
import { IMPL_ELEMENTS, SERVICES } from './schema/payline-schema.js';
import { renderFault, SoapFault } from './soap-fault.js';
import { isServiceName, renderWsdl } from './wsdl.js';
import { readSoapRequest } from './xml-reader.js';
import { writeSoapResponse } from './xml-writer.js';

export interface SoapPluginOptions {
  deps: PaymentDeps;
  authenticate: MerchantAuthenticator;
}

export const SOAP_BODY_LIMIT = 512 * 1024;
const ALL_OPERATIONS = new Set<string>(Object.values(SERVICES).flat());
const XML = 'text/xml; charset=utf-8';

function sendFault(reply: FastifyReply, fault: SoapFault): FastifyReply {
  return reply
    .code(fault.httpStatus)
    .type(XML)
    .send(renderFault({ faultCode: fault.faultCode, message: fault.message }));
}

/**
 * Payline-compatible SOAP endpoints: `POST /V4/services/{WebPaymentAPI|DirectPaymentAPI|ExtendedAPI}`
 * and `GET …?wsdl`. SOAP is a codec over the same use cases as REST.
 */
export async function soapPlugin(app: FastifyInstance, { deps, authenticate }: SoapPluginOptions): Promise<void> {
  // Whatever the Content-Type (text/xml, application/soap+xml, none), the body is read as XML text.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: SOAP_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof SoapFault) return sendFault(reply, err);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendFault(reply, new SoapFault('Client', `Request body larger than ${SOAP_BODY_LIMIT} bytes`, 413));
    if (err.statusCode && err.statusCode < 500)
      return sendFault(reply, new SoapFault('Client', err.message, err.statusCode));
    req.log.error({ err }, 'SOAP request failed');
    return sendFault(reply, new SoapFault('Server', 'Internal error while processing the request'));
  });

  app.get<{ Params: { service: string } }>('/V4/services/:service', async (req, reply) => {
    const { service } = req.params;
    if (!isServiceName(service)) return reply.code(404).type('text/plain').send(`Unknown service ${service}`);
    return reply.type(XML).send(renderWsdl(service, deps.publicUrl));
  });

  app.post<{ Params: { service: string }; Body: string }>('/V4/services/:service', async (req, reply) => {
    if (!isServiceName(req.params.service))
      return sendFault(reply.code(404), new SoapFault('Client', `Unknown service ${req.params.service}`, 404));
    const merchantId = await authenticate(req);
    if (!merchantId) {
      reply.header('www-authenticate', 'Basic realm="Passerelle"');
      return sendFault(reply, new SoapFault('Client', 'Authentication failed', 401));
    }
    const { operation, body } = readSoapRequest(req.body);
    if (!ALL_OPERATIONS.has(operation) || !IMPL_ELEMENTS[`${operation}Response`]) {
      throw new SoapFault('Client', `Unknown operation ${operation}`);
    }
    const handler = SOAP_OPERATIONS[operation] ?? notAvailable;
    let response;
    try {
      // Card data is refused whatever the operation, before it runs: never stored, logged or echoed.
      refuseCardData(body);
      response = await handler(deps, merchantId, body);
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      response = { result: { ...err.result } };
    }
    req.log.info(
      { operation, merchantId, resultCode: (response.result as { code?: string } | undefined)?.code },
      'SOAP operation',
    );
    return reply.type(XML).send(writeSoapResponse(`${operation}Response`, response));
  });
}
