import Fastify from 'fastify';
import type { FastifyBaseLogger } from 'fastify';
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { createLogger } from '../logger.js';
import {
  createJwksApp,
  createPayconiqSimulator,
  type PayconiqSimulator,
  type SimulatorProfile,
} from '../simulator/payconiq/simulator.js';
import { UsageError } from './usage-error.js';

const HELP = `Usage: passerelle simulator [options]

Runs the Payconiq-compatible partner simulator on its own: Merchant API v3 at /v3/payments,
payer pages at /pay/2/{paymentId}, JWKS at /jwks/, homologation controls at /_simulator/*.
Its state is kept in memory: stopping it forgets every payment.

  --port N             listen port (default 8090)
  --host HOST          listen address (default 127.0.0.1)
  --public-url URL     base URL the gateway and browsers use (default http://HOST:PORT)
  --jwks-port N        also serve the JWKS at the root of its own origin, like jwks.bancontact.net
  --api-key KEY        API key of the test profile (default shown below)
  --ppid ID            payment profile id of the test profile (24 hex)
  --merchant-id ID     creditor merchant id (default SIMMERCHANT01)
  --name NAME          creditor name shown to the payer (default "Monext Demo")
  --callback-url URL   the profile's default callback URL
  --expiry-minutes N   payment expiry (default 20)
  --merchant-jwks-url URL
                       the merchant's request-signing JWKS (a gateway's /partners/payconiq/merchant-jwks):
                       refund requests must then carry a valid Signature header`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'public-url': { type: 'string' },
  'jwks-port': { type: 'string' },
  'api-key': { type: 'string' },
  ppid: { type: 'string' },
  'merchant-id': { type: 'string' },
  name: { type: 'string' },
  'callback-url': { type: 'string' },
  'expiry-minutes': { type: 'string' },
  'merchant-jwks-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Fixed defaults so a gateway configured once keeps working across simulator restarts. */
export const DEFAULT_PROFILE = {
  apiKey: '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  ppid: '5e5f0c1d2b3a4c5d6e7f8091',
  merchantId: 'SIMMERCHANT01',
  name: 'Monext Demo',
  iban: 'BE68539007547034',
};

function port(value: string | undefined, name: string, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  // No port 0: the printed URLs and the links in API answers must carry the real port.
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`--${name} must be a port number`);
  return n;
}

function httpUrl(value: string, name: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
  } catch {
    // refused below
  }
  throw new UsageError(`--${name} must be an http(s) URL`);
}

/**
 * `passerelle simulator`: the simulator alone, for a gateway (or any Payconiq client) in another
 * process. Resolves with the exit code once SIGINT/SIGTERM stopped it.
 */
export async function runSimulator(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const host = values.host ?? '127.0.0.1';
  const listenPort = port(values.port, 'port', 8090) ?? 8090;
  const jwksPort = port(values['jwks-port'], 'jwks-port', undefined);
  const expiry = values['expiry-minutes'] === undefined ? undefined : Number(values['expiry-minutes']);
  if (expiry !== undefined && !(Number.isInteger(expiry) && expiry > 0))
    throw new UsageError('--expiry-minutes must be a positive integer');
  const ppid = values.ppid ?? DEFAULT_PROFILE.ppid;
  if (!/^[0-9a-f]{24}$/.test(ppid)) throw new UsageError('--ppid must be 24 lowercase hex characters');

  const publicUrl = (values['public-url'] ?? `http://${host.includes(':') ? `[${host}]` : host}:${listenPort}`).replace(
    /\/+$/,
    '',
  );
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
  const profile = {
    ...DEFAULT_PROFILE,
    apiKey: values['api-key'] ?? DEFAULT_PROFILE.apiKey,
    ppid,
    merchantId: values['merchant-id'] ?? DEFAULT_PROFILE.merchantId,
    name: values.name ?? DEFAULT_PROFILE.name,
    ...(values['callback-url'] ? { defaultCallbackUrl: values['callback-url'] } : {}),
    ...(expiry ? { expiryMinutes: expiry } : {}),
    ...(values['merchant-jwks-url']
      ? { merchantJwksUrl: httpUrl(values['merchant-jwks-url'], 'merchant-jwks-url') }
      : {}),
  };
  const standalone = await startStandaloneSimulator({ host, port: listenPort, publicUrl, jwksPort, profile, logger });

  process.stdout.write(
    [
      '',
      '  Payconiq simulator (Merchant API v3)',
      '',
      `  API base      ${publicUrl}            (POST ${publicUrl}/v3/payments)`,
      `  JWKS          ${publicUrl}/jwks/${jwksPort !== undefined ? `   and http://${host}:${jwksPort}/` : ''}`,
      `  Payer pages   ${publicUrl}/pay/2/{paymentId}`,
      `  Controls      ${publicUrl}/_simulator/quirks, /_simulator/clock, /_simulator/payments/{id}/{scan|pay|decline|cancel|expire|fail}`,
      '',
      '  Test profile',
      `    api key       ${profile.apiKey}`,
      `    ppid          ${profile.ppid}`,
      `    merchant id   ${profile.merchantId}`,
      `    name          ${profile.name}`,
      `    refunds       ${profile.merchantJwksUrl ? `signed, checked with ${profile.merchantJwksUrl}` : 'Signature header not checked (no --merchant-jwks-url)'}`,
      '',
    ].join('\n') + '\n',
  );

  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await standalone.close();
  return 0;
}

export interface StandaloneSimulator {
  sim: PayconiqSimulator;
  close(): Promise<void>;
}

/**
 * The simulator on its own HTTP server, state in this process's memory (a restart forgets every
 * payment): what `passerelle simulator` runs, and what tests start as "a standalone simulator".
 */
export async function startStandaloneSimulator(opts: {
  host: string;
  port: number;
  publicUrl: string;
  jwksPort?: number | undefined;
  profile: SimulatorProfile;
  logger: Logger;
}): Promise<StandaloneSimulator> {
  const sim = createPayconiqSimulator({ apiBaseUrl: opts.publicUrl, payBaseUrl: opts.publicUrl, logger: opts.logger });
  await sim.addProfile(opts.profile);
  const server = Fastify({ loggerInstance: opts.logger as FastifyBaseLogger, bodyLimit: 64 * 1024 });
  await server.register(sim.plugin);
  await server.listen({ port: opts.port, host: opts.host });
  const jwksApp = opts.jwksPort === undefined ? undefined : createJwksApp(sim);
  if (jwksApp) await jwksApp.listen({ port: opts.jwksPort!, host: opts.host });
  sim.start();
  return {
    sim,
    async close() {
      await sim.stop();
      await server.close();
      await jwksApp?.close();
    },
  };
}
