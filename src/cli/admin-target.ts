import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config.js';
import { operatorPath } from '../http/operator/operator-plugin.js';
import { builtInPaymentMethods, createPaymentMethods } from '../connectors/registry.js';
import { recordOperatorApiChange } from '../backoffice/operator-api-audit.js';
import { MerchantAdminError } from '../merchants/admin-error.js';
import { runAdminOperation, type AdminOperationName, type AdminResult } from '../merchants/admin-operations.js';
import { systemClock } from '../ports/clock.js';
import { processIds } from '../ports/ids.js';
import { createMerchantSigningKeys } from '../security/merchant-signing-key.js';
import { createSecretBox, type SecretBox } from '../security/secret-box.js';
import { checkSecretKey } from '../security/secret-key-check.js';
import { loadSecretKey } from '../security/secret-key.js';
import { DirectoryLockedError, sameProcess } from '../store/directory-lock.js';
import type { Db } from '../store/db.js';
import { openStore, type StorePorts } from '../store/open-store.js';
import { readOperatorEndpoint, type OperatorEndpoint } from './operator-endpoint.js';
import { UsageError } from './usage-error.js';

export type RunAdmin = <N extends AdminOperationName>(
  name: N,
  input: Record<string, unknown>,
) => Promise<AdminResult<N>>;

export type AdminTarget =
  | { kind: 'database'; run: RunAdmin; close(): Promise<void> }
  | { kind: 'gateway'; endpoint: OperatorEndpoint; run: RunAdmin; close(): Promise<void> };

/**
 * How long to wait for a process that holds the embedded database without serving the operator API (a gateway starting,
 * another command).
 */
const BUSY_WAIT_MS = 30_000;

/**
 * Where the CLI's commands go. PostgreSQL, or an embedded database no one holds: the database
 * itself. An embedded database held by a running gateway: that gateway, over its operator API (the
 * directory must never be opened twice).
 */
export async function openAdminTarget(config: Config): Promise<AdminTarget> {
  const deadline = Date.now() + BUSY_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      const { db, ports } = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
      return inProcess(ports, db, config);
    } catch (err) {
      if (!(err instanceof DirectoryLockedError) || !err.holder || !config.dataDir) throw err;
      const endpoint = readOperatorEndpoint(config.dataDir);
      if (endpoint && sameProcess(endpoint.process, err.holder)) return throughGateway(endpoint);
      if (Date.now() > deadline) throw err;
      if (!told)
        console.error(
          `passerelle: ${err.directory} is open in process ${err.holder.pid}; waiting for it to finish or to serve the operator API…`,
        );
      told = true;
      await sleep(200);
    }
  }
}

function inProcess(ports: StorePorts, db: Db, config: Config): AdminTarget {
  // Loaded on first use: only a partner API key needs it, and loading may create DATA_DIR/secret.key.
  let box: SecretBox | undefined;
  const boxed = () => (box ??= createSecretBox(loadSecretKey(config.secretKey, config.dataDir)));
  const secrets: SecretBox = { seal: (plain) => boxed().seal(plain), open: (sealed) => boxed().open(sealed) };
  const context = {
    merchants: ports.merchants,
    clock: systemClock,
    ids: processIds,
    secrets,
    paymentMethods: createPaymentMethods(builtInPaymentMethods()),
  };
  let keyChecked: Promise<void> | undefined;
  const run: RunAdmin = async <N extends AdminOperationName>(
    name: N,
    input: Record<string, unknown>,
  ): Promise<AdminResult<N>> => {
    // A partner API key sealed with another key than the gateways' would never open there.
    if ((input.partner as { apiKey?: unknown } | undefined)?.apiKey !== undefined) {
      await (keyChecked ??= checkSecretKey(createMerchantSigningKeys(ports.signingKeys, boxed(), systemClock)));
    }
    const result = await runAdminOperation(context, name, input);
    await recordOperatorApiChange({ ...context, audit: ports.audit }, { name, input, result });
    return result;
  };
  return { kind: 'database', run, close: () => db.close() };
}

function throughGateway(endpoint: OperatorEndpoint): AdminTarget {
  const { hostname } = new URL(endpoint.url);
  // The input may carry a partner API key in clear: it goes to this machine only.
  if (!/^(127\.|localhost$|\[::1\]$)/.test(hostname)) {
    throw new UsageError(
      `the running gateway (pid ${endpoint.process.pid}) listens on ${endpoint.url}, not on loopback; stop it to run this command, or start it with HOST=0.0.0.0 or 127.0.0.1`,
    );
  }
  const run: RunAdmin = async (name, input) => {
    let res: Response;
    try {
      res = await fetch(`${endpoint.url}${operatorPath(name)}`, {
        method: 'POST',
        redirect: 'error',
        headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
    } catch {
      throw new UsageError(`the running gateway (pid ${endpoint.process.pid}) does not answer on ${endpoint.url}`);
    }
    const body = (await res.json().catch(() => undefined)) as
      { error?: { kind?: string; detail?: string; field?: string } } | undefined;
    if (res.ok) return body as never;
    const error = body?.error;
    if (error?.detail && (error.kind === 'invalid' || error.kind === 'not-found' || error.kind === 'conflict'))
      throw new MerchantAdminError(error.kind, error.detail, error.field);
    throw new UsageError(
      `the running gateway (pid ${endpoint.process.pid}) refused the command: HTTP ${res.status}${error?.detail ? ` ${error.detail}` : ''}`,
    );
  };
  return { kind: 'gateway', endpoint, run, close: async () => undefined };
}
