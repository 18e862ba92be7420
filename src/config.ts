import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Configuration from the environment, validated at start. A bad value stops the process with a
 * message naming the variable; an unknown PASSERELLE_* variable is refused (a typo would otherwise
 * be silently ignored).
 */
const port = z.coerce.number().int().min(0).max(65535);
const httpUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));

/** proxy-addr's names for address ranges, as Fastify's trustProxy takes them. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isProxyEntry = (entry: string) => {
  const [address, bits, extra] = entry.split('/');
  if (PROXY_RANGES.has(entry)) return true;
  const family = isIP(address ?? '');
  if (!family || extra !== undefined) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};

/**
 * Whose X-Forwarded-For the gateway believes (the client address that the audit log and the
 * back-office sessions record): `off`, or addresses, CIDR ranges and proxy-addr's names. The
 * default believes only a proxy on the same host: a client talking to the gateway directly
 * cannot choose the address it is recorded under.
 */
const trustProxy = z
  .string()
  .default('loopback')
  .transform((v, ctx): TrustProxy => {
    const value = v.trim();
    if (value === 'off') return false;
    const entries = value.split(',').map((e) => e.trim());
    const wrong = entries.filter((e) => !isProxyEntry(e));
    if (wrong.length) {
      ctx.addIssue({
        code: 'custom',
        message: `off, or addresses, CIDR ranges, loopback, linklocal, uniquelocal (not ${wrong.join(', ')})`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** Fastify's trustProxy: nobody, or these addresses and ranges. */
export type TrustProxy = false | string[];

const schema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  PASSERELLE_PUBLIC_URL: httpUrl.optional(),
  PASSERELLE_MODE: z.enum(['homologation', 'production']).default('homologation'),
  PASSERELLE_DEMO_MERCHANT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -, at most 64')
    .optional(),
  PASSERELLE_DEMO_ACCESS_KEY: z.string().min(8, 'at least 8 characters').max(256).optional(),
  PASSERELLE_WORKER_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
  PASSERELLE_WORKER: z.enum(['on', 'off']).default('on'),
  PASSERELLE_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(16),
  PASSERELLE_TRUST_PROXY: trustProxy,
  PASSERELLE_PARTNER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  PASSERELLE_ADMIN_EMAIL: z.email('an e-mail address').max(254).optional(),
  PASSERELLE_ADMIN_PASSWORD: z.string().min(12, 'at least 12 characters').max(200).optional(),
  PASSERELLE_SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, '32 bytes, base64 (e.g. openssl rand -base64 32)')
    .optional(),
});

export type EnvConfig = z.infer<typeof schema>;

export interface Config {
  port: number;
  host: string;
  /** PGlite data directory; undefined keeps the database in memory (DATA_DIR=:memory:). */
  dataDir: string | undefined;
  databaseUrl?: string | undefined;
  logLevel: EnvConfig['LOG_LEVEL'];
  /** `pretty` for a terminal (the default when stdout is one), JSON lines otherwise. */
  logFormat: 'json' | 'pretty';
  publicUrl: string;
  mode: EnvConfig['PASSERELLE_MODE'];
  demoMerchantId?: string | undefined;
  demoAccessKey?: string | undefined;
  workerIntervalMs: number;
  workerEnabled: boolean;
  dbPoolSize: number;
  /** Per HTTP call to the payment partner. */
  partnerTimeoutMs: number;
  /** Whose X-Forwarded-For is believed. */
  trustProxy: TrustProxy;
  secretKey?: string | undefined;
  /** The first back-office operator, created when there is none (else drawn and printed once). */
  adminEmail?: string | undefined;
  adminPassword?: string | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = new Set(Object.keys(schema.shape));
  const unknown = Object.keys(env).filter((k) => k.startsWith('PASSERELLE_') && !known.has(k));
  if (unknown.length)
    throw new ConfigError(
      `Unknown configuration variable ${unknown.join(', ')} (known: ${[...known].filter((k) => k.startsWith('PASSERELLE_')).join(', ')})`,
    );

  const input = Object.fromEntries([...known].map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${issues.join('; ')}`);
  }
  const c = parsed.data;
  if (c.PASSERELLE_MODE === 'production' && !c.PASSERELLE_SECRET_KEY) {
    throw new ConfigError(
      'Invalid configuration: PASSERELLE_SECRET_KEY is required in production (it encrypts partner API keys at rest)',
    );
  }
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: c.DATA_DIR === ':memory:' ? undefined : c.DATA_DIR,
    databaseUrl: c.DATABASE_URL,
    logLevel: c.LOG_LEVEL,
    logFormat: c.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    publicUrl: c.PASSERELLE_PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    mode: c.PASSERELLE_MODE,
    demoMerchantId: c.PASSERELLE_DEMO_MERCHANT_ID,
    demoAccessKey: c.PASSERELLE_DEMO_ACCESS_KEY,
    workerIntervalMs: c.PASSERELLE_WORKER_INTERVAL_MS,
    workerEnabled: c.PASSERELLE_WORKER === 'on',
    dbPoolSize: c.PASSERELLE_DB_POOL_SIZE,
    partnerTimeoutMs: c.PASSERELLE_PARTNER_TIMEOUT_MS,
    trustProxy: c.PASSERELLE_TRUST_PROXY,
    secretKey: c.PASSERELLE_SECRET_KEY,
    adminEmail: c.PASSERELLE_ADMIN_EMAIL,
    adminPassword: c.PASSERELLE_ADMIN_PASSWORD,
  };
}
