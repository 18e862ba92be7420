import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, SimulatorError, type ErrorShape } from './errors.js';
import type { ProfileRegistry, SimulatorProfile } from './profile.js';
import type { SharedSettings } from './simulator-settings.js';

/**
 * Bodies are kept as raw text and parsed by the handlers: the partner answers an empty or broken
 * body with its own BODY_MISSING, which Fastify's JSON parser would pre-empt with its own 400.
 * Any content type is accepted for the same reason (and HTML forms post urlencoded).
 */
export function rawBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
}

/** The JSON body, undefined when there is none; unreadable JSON counts as missing. */
export function jsonBody(req: FastifyRequest, shape: ErrorShape = 'payment'): unknown {
  const raw = req.body;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw shape === 'payment'
      ? new SimulatorError(400, 'BODY_MISSING', 'Request body is missing or not readable')
      : new SimulatorError(400, 'VALIDATION_ERROR', 'Request body is not readable', 'refund');
  }
}

/** `Authorization: Bearer <API key>` → profile; anything else is 401 UNAUTHORIZED (doc §1.3). */
export async function authenticate(
  profiles: ProfileRegistry,
  req: FastifyRequest,
  shape: ErrorShape,
): Promise<SimulatorProfile> {
  const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  const profile = match?.[1] ? await profiles.byApiKey(match[1]) : undefined;
  if (!profile) throw new SimulatorError(401, 'UNAUTHORIZED', 'API key is missing or invalid.', shape);
  return profile;
}

/** Maps thrown errors to the partner's error bodies; anything unexpected is TECHNICAL_ERROR. */
export function errorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    if (err instanceof SimulatorError)
      return reply.code(err.httpStatus).send(errorBody(err.shape, err.code, err.message));
    const status = err.statusCode;
    if (status !== undefined && status >= 400 && status < 500)
      return reply.code(status).send(errorBody('payment', 'BAD_REQUEST', err.message));
    req.log.error({ err }, 'simulator error');
    return reply.code(500).send(errorBody('payment', 'TECHNICAL_ERROR', 'Technical error'));
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * onRequest hook of the Merchant API: the slowMs and failNext quirks. It runs before auth, like
 * a rate limiter or an overloaded front end would; a 429 has no body at all (doc §7.2).
 */
export function apiQuirksHook(settings: SharedSettings, shape: ErrorShape) {
  return async (_req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const { slowMs } = settings.quirks;
    if (slowMs > 0) await sleep(slowMs);
    const status = await settings.takeFailure();
    if (status === undefined) return undefined;
    if (status === 429) return reply.code(429).send();
    const code = status === 500 ? 'TECHNICAL_ERROR' : 'TRY_AGAIN_LATER';
    return reply
      .code(status)
      .send(errorBody(shape, code, status === 500 ? 'Technical error' : 'Service unavailable, try again later'));
  };
}
