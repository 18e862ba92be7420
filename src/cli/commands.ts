import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { MerchantAdminError } from '../merchants/admin-error.js';
import { isAdminOperation, type AdminOperationName } from '../merchants/admin-operations.js';
import { openAdminTarget, type RunAdmin } from './admin-target.js';
import { runDemoShop } from './demo-shop.js';
import { serve } from './serve.js';
import { runSimulator } from './simulator.js';
import { UsageError } from './usage-error.js';

const HELP = `Usage: passerelle <command>

  serve                                   run the gateway (default command of npm start)
  migrate                                 apply database migrations
  merchant create --company NAME --trade-name NAME [--id ID]
  merchant list
  pos create --merchant ID --label LABEL [--delay MINUTES] [--notification-url URL]
  pos list --merchant ID
  contract create --merchant ID --number NUMBER --pos LABEL --partner-id ID [--trade-name NAME] [--label LABEL] [--inactive]
                  [--card-code CODE] [--api-key KEY --ppid PPID [--api-base-url URL] [--jwks-url URL]]
      The payment method's card code (default: the gateway's only one).
      Payconiq settings of the contract. Without them the contract uses the embedded simulator
      (homologation only). Defaults: https://merchant.api.bancontact.net, https://jwks.bancontact.net/
      (preprod: https://merchant.api.preprod.bancontact.net, https://jwks.preprod.bancontact.net/).
      The API key is stored encrypted with PASSERELLE_SECRET_KEY and never printed again.
  contract list --merchant ID
  key create --merchant ID [--label LABEL]
  key list --merchant ID
  key revoke --merchant ID --id KEY_ID
  simulator [--port N] …                  run the Payconiq simulator on its own (passerelle simulator --help)
  demo-shop [--port N] …                  a demo merchant site paying through the gateway (passerelle demo-shop --help)

The database is DATABASE_URL when set, else the embedded one in DATA_DIR (default ./data). The
embedded database is opened by one process at a time: next to a running gateway, the commands go
through that gateway.`;

const OPTIONS = {
  company: { type: 'string' },
  'trade-name': { type: 'string' },
  id: { type: 'string' },
  merchant: { type: 'string' },
  label: { type: 'string' },
  delay: { type: 'string' },
  'notification-url': { type: 'string' },
  number: { type: 'string' },
  pos: { type: 'string' },
  'partner-id': { type: 'string' },
  inactive: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  'card-code': { type: 'string' },
  'api-key': { type: 'string' },
  ppid: { type: 'string' },
  'api-base-url': { type: 'string' },
  'jwks-url': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** The flag of each operation input, to word refusals as the user typed the command. */
const FLAG_OF: Record<string, string> = {
  id: '--id',
  companyName: '--company',
  tradeName: '--trade-name',
  merchantId: '--merchant',
  label: '--label',
  paymentDelayMinutes: '--delay',
  notificationUrl: '--notification-url',
  cardCode: '--card-code',
  contractNumber: '--number',
  pointOfSale: '--pos',
  partnerContractId: '--partner-id',
  keyId: '--id',
  'partner.apiKey': '--api-key',
  'partner.ppid': '--ppid',
  'partner.apiBaseUrl': '--api-base-url',
  'partner.jwksUrl': '--jwks-url',
};

function print(rows: object[]): void {
  if (rows.length === 0) console.log('(none)');
  else console.table(rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v ?? '']))));
}

/** Payconiq settings given on the command line; undefined when none given. */
function partnerInput(v: Values) {
  if ([v['api-key'], v.ppid, v['api-base-url'], v['jwks-url']].every((x) => x === undefined)) return undefined;
  return { apiKey: v['api-key'], ppid: v.ppid, apiBaseUrl: v['api-base-url'], jwksUrl: v['jwks-url'] };
}

async function administer(run: RunAdmin, command: AdminOperationName, v: Values): Promise<void> {
  switch (command) {
    case 'merchant create': {
      const m = await run(command, { id: v.id, companyName: v.company, tradeName: v['trade-name'] });
      console.log(`merchant id  ${m.merchantId}\naccess key   ${m.accessKey}   (shown once)`);
      return;
    }
    case 'merchant list':
      return print(await run(command, {}));
    case 'pos create':
      return print([
        await run(command, {
          merchantId: v.merchant,
          label: v.label,
          paymentDelayMinutes: v.delay === undefined ? undefined : Number(v.delay),
          notificationUrl: v['notification-url'],
        }),
      ]);
    case 'contract create':
      return print([
        await run(command, {
          merchantId: v.merchant,
          contractNumber: v.number,
          pointOfSale: v.pos,
          partnerContractId: v['partner-id'],
          label: v.label,
          tradeName: v['trade-name'],
          active: !v.inactive,
          cardCode: v['card-code'],
          partner: partnerInput(v),
        }),
      ]);
    case 'key create': {
      const k = await run(command, { merchantId: v.merchant, label: v.label });
      console.log(`key id       ${k.keyId}\naccess key   ${k.accessKey}   (shown once)`);
      return;
    }
    case 'key revoke':
      await run(command, { merchantId: v.merchant, keyId: v.id });
      console.log('revoked');
      return;
    case 'pos list':
    case 'contract list':
    case 'key list':
      return print(await run(command, { merchantId: v.merchant }));
  }
}

async function admin(command: string, v: Values): Promise<void> {
  if (!isAdminOperation(command)) throw new UsageError(`unknown command "${command}" (see passerelle --help)`);
  const target = await openAdminTarget(loadConfig());
  try {
    await administer(target.run, command, v);
  } catch (err) {
    if (!(err instanceof MerchantAdminError)) throw err;
    throw new UsageError(err.field ? `${FLAG_OF[err.field] ?? err.field} ${err.detail}` : err.detail);
  } finally {
    await target.close();
  }
}

/** `migrate` next to a running gateway has nothing to do: the gateway migrated when it started. */
async function migrateCommand(): Promise<number> {
  const target = await openAdminTarget(loadConfig());
  await target.close();
  if (target.kind === 'gateway')
    console.log(
      `database schema up to date (the running gateway, pid ${target.endpoint.process.pid}, applied the migrations when it started)`,
    );
  else console.log('database schema up to date');
  return 0;
}

/** Parses argv and runs one command; returns the exit code. */
export async function runCommand(argv: string[]): Promise<number> {
  // The simulator has options of its own.
  if (argv[0] === 'simulator') return runSimulator(argv.slice(1));
  if (argv[0] === 'demo-shop') return runDemoShop(argv.slice(1));
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
    case 'migrate':
      return migrateCommand();
    case 'merchant':
    case 'pos':
    case 'contract':
    case 'key':
      await admin(`${command} ${action ?? ''}`.trim(), parsed.values);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}" (see passerelle --help)`);
  }
}
