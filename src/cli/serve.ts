import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { createGateway } from '../gateway.js';
import { createLogger } from '../logger.js';
import { ensureDemoUser, ensureFirstOperator, type CreatedUser } from '../backoffice/first-users.js';
import { ensureDemoMerchant, DEMO } from '../merchants/ensure-demo-merchant.js';
import type { Logger } from 'pino';
import { publishOperatorEndpoint } from './operator-endpoint.js';

/** The whole stop, from the signal to the exit: what orchestrators grant before SIGKILL (10 s is common). */
const STOP_BOUND_MS = 10_000;

/** A gateway listening, with what its banner printed about the demo merchant. */
export interface ServingGateway {
  /** What the terminal shows at start (homologation): mode, demo merchant, endpoints. Empty in production. */
  banner: string;
  /** The demo merchant (homologation), its access key when known. */
  demo?: { merchantId: string; accessKey: string | undefined; contractNumber: string } | undefined;
  /** The clean stop (Gateway.close). */
  stop(): Promise<void>;
}

/**
 * `passerelle serve`: migrations, demo merchant (homologation), HTTP server and worker, until
 * SIGTERM or SIGINT: then the clean stop (Gateway.close), bounded; a second signal exits at once.
 */
export async function serve(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  const serving = await startServing(config, logger);
  // The banner goes to the terminal, not to the structured log: it carries the demo access key and
  // the passwords drawn at first start.
  if (serving.banner) process.stdout.write(`${serving.banner}\n`);
  await untilStopSignal(logger);
  await serving.stop();
  return 0;
}

/** The gateway of `serve`, started and listening (also what `demo-shop` runs beside its shop). */
export async function startServing(config: Config, logger: Logger): Promise<ServingGateway> {
  // The embedded database is this process's alone: the CLI administers merchants through it.
  const operatorToken = config.dataDir && !config.databaseUrl ? randomBytes(32).toString('base64url') : undefined;
  const gateway = await createGateway(config, logger, { operatorToken });

  const operator = await ensureFirstOperator(gateway.backOffice, {
    email: config.adminEmail,
    password: config.adminPassword,
  });
  let banner = '';
  let demoMerchant: ServingGateway['demo'];
  if (config.mode === 'homologation') {
    // The demo contract pays with the gateway's first payment method (Payconiq by Bancontact).
    const [demoCardCode] = gateway.deps.paymentMethods.cardCodes as [string];
    const demo = await ensureDemoMerchant(gateway.deps, {
      merchantId: config.demoMerchantId,
      accessKey: config.demoAccessKey,
      cardCode: demoCardCode,
    });
    demoMerchant = { merchantId: demo.merchant.id, accessKey: demo.accessKey, contractNumber: DEMO.contractNumber };
    const demoUser = await ensureDemoUser(gateway.backOffice, demo.merchant.id);
    const key =
      demo.accessKey ??
      '(shown at first start only — issue a new one with: npx passerelle key create --merchant ' +
        demo.merchant.id +
        ')';
    banner = [
      '',
      `  Passerelle — homologation mode, ${config.databaseUrl ? 'PostgreSQL' : `embedded PostgreSQL (PGlite) ${config.dataDir ? `in ${config.dataDir}` : 'in memory'}`}`,
      '',
      `  Demo merchant ${demo.created ? '(created now)' : ''}`,
      `    merchant id      ${demo.merchant.id}`,
      `    access key       ${key}`,
      `    contract number  ${DEMO.contractNumber} (${demoCardCode}, point of sale ${DEMO.pointOfSale}, payment delay 61 min)`,
      '',
      `  SOAP   ${config.publicUrl}/V4/services/WebPaymentAPI   (WSDL: …?wsdl)`,
      `  REST   ${config.publicUrl}/v1/checkout/sessions        (OpenAPI: ${config.publicUrl}/v1/openapi.json)`,
      `  Alive  ${config.publicUrl}/v1/checkout/alive`,
      '',
    ].join('\n');
    banner += backOfficeLines(`${config.publicUrl}/admin/`, demoUser, 'demo merchant user');
  }
  banner += backOfficeLines(`${config.publicUrl}/admin/`, operator, 'operator');

  let internalUrl: string;
  try {
    internalUrl = await gateway.listen(config.port, config.host);
  } catch (err) {
    await gateway.close();
    throw listenFailure(err, config);
  }
  const unpublishOperator =
    operatorToken && config.dataDir ? publishOperatorEndpoint(config.dataDir, internalUrl, operatorToken) : undefined;
  return {
    banner,
    demo: demoMerchant,
    async stop() {
      unpublishOperator?.();
      const started = Date.now();
      await gateway.close();
      logger.info({ ms: Date.now() - started }, 'stopped');
    },
  };
}

/**
 * Resolves on the first SIGTERM or SIGINT, from which the stop must end within STOP_BOUND_MS
 * (else the process exits); a second signal exits at once.
 */
export function untilStopSignal(logger: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, 'second stop signal: exiting now');
        process.exit(1);
      }
      stopping = true;
      // The last resort if something hangs: the bound holds whatever happens.
      setTimeout(() => {
        logger.error({ boundMs: STOP_BOUND_MS }, 'the stop did not finish in time: exiting now');
        process.exit(1);
      }, STOP_BOUND_MS - 500).unref();
      resolve();
      logger.info(
        { signal, boundMs: STOP_BOUND_MS },
        'stopping: no new connection, requests under way answered, worker letting go',
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** The back-office's address and a user created now, with the password drawn for it (once). */
function backOfficeLines(url: string, user: CreatedUser | undefined, who: string): string {
  if (!user) return '';
  const password = user.password ?? '(the one configured in PASSERELLE_ADMIN_PASSWORD)';
  return [
    '',
    `  Back-office ${url} — ${who} created now`,
    `    e-mail     ${user.email}`,
    `    password   ${password}${user.password ? '   (shown this once: change it in My account)' : ''}`,
    '',
  ].join('\n');
}

/** A listen error as one line naming the setting to change; any other error as it is. */
function listenFailure(err: unknown, config: Config): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new ConfigError(`port ${config.port} is in use (PORT=${config.port}): stop the other process or set PORT`);
  if (code === 'EACCES')
    return new ConfigError(`port ${config.port} needs privileges (PORT=${config.port}): set PORT to 1024 or above`);
  if (code === 'EADDRNOTAVAIL')
    return new ConfigError(
      `${config.host} is not an address of this machine (HOST=${config.host}): set HOST, e.g. 0.0.0.0`,
    );
  return err;
}
