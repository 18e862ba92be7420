import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { issueAccessKey } from '../merchants/access-keys.js';
import { createContract, createPointOfSale } from '../merchants/configure-contract.js';
import { createMerchant } from '../merchants/create-merchant.js';
import { systemClock } from '../ports.js';
import { openStore } from '../store/open-store.js';
import type { SqlStore } from '../store/sql-store.js';
import { serve } from './serve.js';
import { runSimulator } from './simulator.js';
import { createSecretBox } from '../security/secret-box.js';
import { loadSecretKey } from '../security/secret-key.js';
import { UsageError } from './usage-error.js';

const HELP = `Usage: passerelle <command>

  serve                                   run the gateway (default command of npm start)
  migrate                                 apply database migrations
  merchant create --company NAME --trade-name NAME [--id ID]
  merchant list
  pos create --merchant ID --label LABEL [--delay MINUTES] [--notification-url URL]
  pos list --merchant ID
  contract create --merchant ID --number NUMBER --pos LABEL --partner-id ID [--trade-name NAME] [--label LABEL] [--inactive]
                  [--api-key KEY --ppid PPID [--api-base-url URL] [--jwks-url URL]]
      Payconiq settings of the contract. Without them the contract uses the embedded simulator
      (homologation only). Defaults: https://merchant.api.bancontact.net, https://jwks.bancontact.net/
      (preprod: https://merchant.api.preprod.bancontact.net, https://jwks.preprod.bancontact.net/).
      The API key is stored encrypted with PASSERELLE_SECRET_KEY and never printed again.
  contract list --merchant ID
  key create --merchant ID [--label LABEL]
  key list --merchant ID
  key revoke --merchant ID --id KEY_ID
  simulator [--port N] …                  run the Payconiq simulator on its own (passerelle simulator --help)

The database is DATABASE_URL when set, else the embedded one in DATA_DIR (default ./data).`;

const OPTIONS = {
  company: { type: 'string' }, 'trade-name': { type: 'string' }, id: { type: 'string' }, merchant: { type: 'string' },
  label: { type: 'string' }, delay: { type: 'string' }, 'notification-url': { type: 'string' }, number: { type: 'string' },
  pos: { type: 'string' }, 'partner-id': { type: 'string' }, inactive: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  'api-key': { type: 'string' }, ppid: { type: 'string' }, 'api-base-url': { type: 'string' }, 'jwks-url': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function need(values: Values, name: keyof Values): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required (see passerelle --help)`);
  return v.trim();
}

function print(rows: object[]): void {
  if (rows.length === 0) console.log('(none)');
  else console.table(rows);
}

async function withStore<T>(fn: (store: SqlStore) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { store } = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const PRODUCTION_PARTNER = { apiBaseUrl: 'https://merchant.api.bancontact.net', jwksUrl: 'https://jwks.bancontact.net/' };

/** Payconiq settings given on the command line, the API key sealed; undefined when none given. */
function partnerSettings(v: Values) {
  if (v['api-key'] === undefined && v.ppid === undefined) return undefined;
  const ppid = need(v, 'ppid');
  if (!/^[0-9a-f]{24}$/i.test(ppid)) throw new UsageError('--ppid must be the 24-hex payment profile id');
  const urlOf = (name: 'api-base-url' | 'jwks-url', fallback: string) => {
    const value = v[name] ?? fallback;
    try {
      if (new URL(value).protocol !== 'https:' && !/^http:\/\/(127\.|localhost)/.test(value)) throw new Error();
    } catch {
      throw new UsageError(`--${name} must be an https URL`);
    }
    return value.replace(/\/+$/, name === 'jwks-url' ? '/' : '');
  };
  const config = loadConfig();
  const secrets = createSecretBox(loadSecretKey(config.secretKey, config.dataDir));
  return {
    apiKeyEncrypted: secrets.seal(need(v, 'api-key')),
    ppid: ppid.toLowerCase(),
    apiBaseUrl: urlOf('api-base-url', PRODUCTION_PARTNER.apiBaseUrl),
    jwksUrl: urlOf('jwks-url', PRODUCTION_PARTNER.jwksUrl),
  };
}

async function admin(entity: string, action: string | undefined, v: Values): Promise<void> {
  await withStore(async (store) => {
    switch (`${entity} ${action}`) {
      case 'merchant create': {
        const m = await createMerchant(store, systemClock, { id: v.id, companyName: need(v, 'company'), tradeName: need(v, 'trade-name') });
        const { accessKey } = await issueAccessKey(store, systemClock, m.id, 'initial');
        console.log(`merchant id  ${m.id}\naccess key   ${accessKey}   (shown once)`);
        return;
      }
      case 'merchant list':
        return print((await store.listMerchants()).map(({ id, companyName, tradeName, demo }) => ({ id, companyName, tradeName, demo })));
      case 'pos create': {
        const delay = v.delay === undefined ? undefined : Number(v.delay);
        if (delay !== undefined && !(Number.isInteger(delay) && delay > 0)) throw new UsageError('--delay must be a positive number of minutes');
        const pos = await createPointOfSale(store, { merchantId: need(v, 'merchant'), label: need(v, 'label'), paymentDelayMinutes: delay, notificationUrl: v['notification-url'] });
        return print([pos]);
      }
      case 'pos list':
        return print(await store.listPointsOfSale(need(v, 'merchant')));
      case 'contract create': {
        const merchantId = need(v, 'merchant');
        const posLabel = need(v, 'pos');
        const pos = (await store.listPointsOfSale(merchantId)).find((p) => p.label === posLabel || p.id === posLabel);
        if (!pos) throw new UsageError(`point of sale ${posLabel} not found for merchant ${merchantId}`);
        const c = await createContract(store, {
          merchantId, contractNumber: need(v, 'number'), pointOfSaleId: pos.id, partnerContractId: need(v, 'partner-id'),
          label: v.label, tradeName: v['trade-name'], active: !v.inactive, partner: partnerSettings(v),
        });
        return print([{ ...c, partner: c.partner ? `${c.partner.apiBaseUrl} (ppid ${c.partner.ppid})` : 'embedded simulator' }]);
      }
      case 'contract list':
        return print(await store.listContracts(need(v, 'merchant')));
      case 'key create': {
        const { info, accessKey } = await issueAccessKey(store, systemClock, need(v, 'merchant'), v.label ?? 'cli');
        console.log(`key id       ${info.id}\naccess key   ${accessKey}   (shown once)`);
        return;
      }
      case 'key list':
        return print((await store.listAccessKeys(need(v, 'merchant'))).map((k) => ({ ...k, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? '' })));
      case 'key revoke':
        if (!(await store.revokeAccessKey(need(v, 'merchant'), need(v, 'id'), systemClock.now()))) throw new UsageError('no such active key');
        console.log('revoked');
        return;
      default:
        throw new UsageError(`unknown command "${entity} ${action ?? ''}" (see passerelle --help)`);
    }
  });
}

/** Parses argv and runs one command; returns the exit code. */
export async function runCommand(argv: string[]): Promise<number> {
  // The simulator has options of its own.
  if (argv[0] === 'simulator') return runSimulator(argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const [command = 'serve', action] = parsed.positionals;
  if (parsed.values.help || command === 'help') {
    console.log(HELP);
    return 0;
  }
  switch (command) {
    case 'serve':
      return serve();
    case 'migrate': {
      const config = loadConfig();
      const { store } = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
      await store.close();
      console.log('database schema up to date');
      return 0;
    }
    case 'merchant':
    case 'pos':
    case 'contract':
    case 'key':
      await admin(command, action, parsed.values);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}" (see passerelle --help)`);
  }
}
