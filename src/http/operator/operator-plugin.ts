import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { recordOperatorApiChange } from '../../backoffice/operator-api-audit.js';
import type { AuditLog } from '../../ports/audit-log.js';
import { MerchantAdminError, type AdminErrorKind } from '../../merchants/admin-error.js';
import {
  ADMIN_OPERATIONS,
  runAdminOperation,
  type AdminContext,
  type AdminOperationName,
} from '../../merchants/admin-operations.js';

export interface OperatorPluginOptions {
  /** The secret the CLI reads from the data directory (see src/cli/operator-endpoint.ts). */
  token: string;
  context: AdminContext & { audit: AuditLog };
}

/** `merchant create` → /_operator/merchant/create */
export function operatorPath(name: AdminOperationName): string {
  return `/_operator/${name.replace(' ', '/')}`;
}

const STATUS: Record<AdminErrorKind, number> = { invalid: 400, 'not-found': 404, conflict: 409 };

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Reached straight from this machine: no proxy in between (a proxy would make a remote caller look local). */
function fromLoopback(req: FastifyRequest): boolean {
  const address = req.socket.remoteAddress ?? '';
  const local = address === '::1' || /^(::ffff:)?127\./.test(address);
  return local && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
}

/**
 * The merchant administration of the CLI, served by the gateway that holds the embedded database
 * (which no other process may open). JSON over loopback only, for the holder of the operator token;
 * bodies (they may carry a partner API key) are never logged.
 */
export const operatorPlugin: FastifyPluginAsync<OperatorPluginOptions> = async (app, { token, context }) => {
  const expected = digest(token);
  app.addHook('onRequest', async (req, reply) => {
    if (!fromLoopback(req))
      return reply
        .code(403)
        .send({ error: { kind: 'forbidden', detail: 'the operator API answers on loopback only' } });
    const presented = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    // Hashing first makes the comparison constant-time whatever the presented length.
    if (!timingSafeEqual(digest(presented), expected))
      return reply.code(401).send({ error: { kind: 'unauthorized', detail: 'operator token required' } });
  });
  for (const name of Object.keys(ADMIN_OPERATIONS) as AdminOperationName[]) {
    app.post(operatorPath(name), { schema: { hide: true } }, async (req, reply) => {
      try {
        const input = req.body ?? {};
        const result = await runAdminOperation(context, name, input);
        await recordOperatorApiChange(context, { name, input, result, address: req.ip });
        req.log.info({ operation: name }, 'operator command');
        return result;
      } catch (err) {
        if (!(err instanceof MerchantAdminError)) throw err;
        return reply.code(STATUS[err.kind]).send({ error: { kind: err.kind, detail: err.detail, field: err.field } });
      }
    });
  }
};
