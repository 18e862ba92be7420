import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { startDemoShop } from '../demo-shop/shop-server.js';
import { createLogger } from '../logger.js';
import { startServing, untilStopSignal, type ServingGateway } from './serve.js';
import { UsageError } from './usage-error.js';

const HELP = `Usage: passerelle demo-shop [options]

Runs a small merchant site (basket, payment by redirection or in the widget, return page,
notification handler, orders page) that pays through Passerelle with its public SOAP API.
Without --gateway it starts the gateway too, as \`passerelle serve\` does (homologation, demo
merchant; an in-memory database unless DATA_DIR is set). Its orders are kept in memory.

  --port N             the shop's port (default 3000; env DEMO_SHOP_PORT)
  --host HOST          the shop's listen address (default 127.0.0.1; env DEMO_SHOP_HOST)
  --public-url URL     the shop's URL for browsers and the gateway (default http://HOST:PORT)
  --gateway URL        a running gateway instead (env DEMO_SHOP_GATEWAY_URL), with:
  --merchant-id ID     its merchant id (env DEMO_SHOP_MERCHANT_ID)
  --access-key KEY     its access key (env DEMO_SHOP_ACCESS_KEY)
  --contract NUMBER    the contract paying (default PAYCONIQFP; env DEMO_SHOP_CONTRACT)`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'public-url': { type: 'string' },
  gateway: { type: 'string' },
  'merchant-id': { type: 'string' },
  'access-key': { type: 'string' },
  contract: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `passerelle demo-shop`: the shop, and the gateway beside it unless one is named. */
export async function runDemoShop(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const env = process.env;
  const port = Number(values.port ?? env.DEMO_SHOP_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  const host = values.host ?? env.DEMO_SHOP_HOST ?? '127.0.0.1';
  const publicUrl = values['public-url'] ?? env.DEMO_SHOP_PUBLIC_URL;
  const remote = values.gateway ?? env.DEMO_SHOP_GATEWAY_URL;
  const merchantId = values['merchant-id'] ?? env.DEMO_SHOP_MERCHANT_ID;
  const accessKey = values['access-key'] ?? env.DEMO_SHOP_ACCESS_KEY;
  if (remote && (!merchantId || !accessKey))
    throw new UsageError(
      '--gateway needs --merchant-id and --access-key (or DEMO_SHOP_MERCHANT_ID, DEMO_SHOP_ACCESS_KEY)',
    );
  if (remote && !/^https?:\/\/[^/]/.test(remote)) throw new UsageError('--gateway must be an http(s) URL');

  // The gateway beside the shop: the demo merchant with a key known to this process, so the shop can use it.
  const config = loadConfig(
    remote
      ? env
      : {
          ...env,
          DATA_DIR: env.DATA_DIR ?? ':memory:',
          PASSERELLE_DEMO_ACCESS_KEY: env.PASSERELLE_DEMO_ACCESS_KEY ?? randomBytes(15).toString('base64url'),
        },
  );
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  let gateway: ServingGateway | undefined;
  let account;
  if (remote) {
    account = { gatewayUrl: remote.replace(/\/+$/, ''), merchantId: merchantId!, accessKey: accessKey! };
  } else {
    gateway = await startServing(config, logger);
    if (!gateway.demo?.accessKey) {
      await gateway.stop();
      throw new UsageError(
        'the gateway beside the shop runs in homologation only (PASSERELLE_MODE=production has no demo merchant)',
      );
    }
    process.stdout.write(`${gateway.banner}\n`);
    account = { gatewayUrl: config.publicUrl, merchantId: gateway.demo.merchantId, accessKey: gateway.demo.accessKey };
  }

  const shopLog = logger.child({ component: 'demo-shop' });
  const shop = await startDemoShop({
    ...account,
    contractNumber: values.contract ?? env.DEMO_SHOP_CONTRACT ?? 'PAYCONIQFP',
    port,
    host,
    publicUrl,
    log: (line) => shopLog.info(line),
  }).catch(async (err: NodeJS.ErrnoException) => {
    await gateway?.stop();
    if (err.code === 'EADDRINUSE')
      throw new UsageError(`port ${port} is in use: stop the other process or pass --port`);
    throw err;
  });
  process.stdout.write(
    [
      '',
      `  Demo shop   ${shop.url}/          the basket: pay by redirection or in the widget`,
      `              ${shop.url}/orders    orders, results and the gateway's notifications`,
      `  paying through ${account.gatewayUrl} as merchant ${account.merchantId}`,
      '',
      '',
    ].join('\n'),
  );

  await untilStopSignal(logger);
  await shop.close();
  await gateway?.stop();
  return 0;
}
