import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config.js';
import { createGateway } from '../gateway.js';
import { createLogger } from '../logger.js';
import { ensureDemoMerchant, DEMO } from '../merchants/ensure-demo-merchant.js';
import { publishOperatorEndpoint } from './operator-endpoint.js';

/** `passerelle serve`: migrations, demo merchant (homologation), HTTP server and worker. */
export async function serve(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // The embedded database is this process's alone: the CLI administers merchants through it.
  const operatorToken = config.dataDir && !config.databaseUrl ? randomBytes(32).toString('base64url') : undefined;
  const gateway = await createGateway(config, logger, { operatorToken });

  let banner = '';
  if (config.mode === 'homologation') {
    const demo = await ensureDemoMerchant(gateway.store, gateway.deps.clock, { merchantId: config.demoMerchantId, accessKey: config.demoAccessKey });
    const key = demo.accessKey ?? '(shown at first start only — issue a new one with: npx passerelle key create --merchant ' + demo.merchant.id + ')';
    banner = [
      '',
      `  Passerelle — homologation mode, ${config.databaseUrl ? 'PostgreSQL' : `embedded PostgreSQL (PGlite) ${config.dataDir ? `in ${config.dataDir}` : 'in memory'}`}`,
      '',
      `  Demo merchant ${demo.created ? '(created now)' : ''}`,
      `    merchant id      ${demo.merchant.id}`,
      `    access key       ${key}`,
      `    contract number  ${DEMO.contractNumber} (PAYCONIQ_MNXT, point of sale ${DEMO.pointOfSale}, payment delay 61 min)`,
      '',
      `  SOAP   ${config.publicUrl}/V4/services/WebPaymentAPI   (WSDL: …?wsdl)`,
      `  REST   ${config.publicUrl}/v1/checkout/sessions        (OpenAPI: ${config.publicUrl}/v1/openapi.json)`,
      `  Alive  ${config.publicUrl}/v1/checkout/alive`,
      '',
    ].join('\n');
  }

  const internalUrl = await gateway.listen(config.port, config.host);
  const unpublishOperator = operatorToken && config.dataDir ? publishOperatorEndpoint(config.dataDir, internalUrl, operatorToken) : undefined;
  // The banner goes to the terminal, not to the structured log: it carries the demo access key.
  if (banner) process.stdout.write(`${banner}\n`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  unpublishOperator?.();
  await gateway.close();
  return 0;
}
