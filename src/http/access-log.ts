import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One access line per request at `info`, written when it is answered: method, URL, address, status and time
 * together. The line on arrival (what is in flight) is `debug`. Every line costs a serialisation, a redaction pass
 * and a write, so Fastify's pair at `info` cost more than the one line that says it all.
 */
export class AccessLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
