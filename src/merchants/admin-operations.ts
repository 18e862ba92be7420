import { z } from 'zod';
import type { PaymentMethod, PaymentMethods } from '../connectors/partner-port.js';
import { sealPartnerSettings } from '../connectors/sealed-settings.js';
import type { AccessKeyInfo, Contract, PointOfSale } from '../domain/merchant.js';
import { DuplicateKeyError } from '../ports/duplicate-key-error.js';
import type { SecretBox } from '../security/secret-box.js';
import { issueAccessKey } from './access-keys.js';
import { MerchantAdminError } from './admin-error.js';
import { createContract, createPointOfSale } from './configure-contract.js';
import { createMerchant } from './create-merchant.js';
import type { MerchantDeps } from './merchant-deps.js';

export interface AdminContext extends MerchantDeps {
  /** Seals partner API keys before they are stored. */
  secrets: SecretBox;
  /** The payment methods a contract may use. */
  paymentMethods: PaymentMethods;
}

const text = (max = 200) =>
  z
    .string({ error: 'is required' })
    .trim()
    .min(1, { error: 'is required' })
    .max(max, { error: `must be at most ${max} characters` });
const merchantId = text(64);
const optionalText = (max = 200) => text(max).optional();

/** The payment method named, or the gateway's only one when none is named. */
function methodOf(methods: PaymentMethods, cardCode: string | undefined): PaymentMethod {
  const code = cardCode ?? (methods.cardCodes.length === 1 ? methods.cardCodes[0] : undefined);
  if (code === undefined) throw new MerchantAdminError('invalid', `is required (${methods.cardCodesText})`, 'cardCode');
  const method = methods.byCardCode(code);
  if (!method) throw new MerchantAdminError('invalid', `must be ${methods.cardCodesText}`, 'cardCode');
  return method;
}

/** The partner settings given, checked by the method's schema and sealed. */
function sealedSettings(method: PaymentMethod, given: Record<string, unknown>, secrets: SecretBox) {
  const parsed = method.settings.safeParse(given);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new MerchantAdminError(
      'invalid',
      issue?.message ?? 'is invalid',
      ['partner', ...(issue?.path ?? [])].join('.'),
    );
  }
  return sealPartnerSettings(method, parsed.data, secrets);
}

function operation<S extends z.ZodType, R>(input: S, run: (ctx: AdminContext, input: z.output<S>) => Promise<R>) {
  return { input, run };
}

async function requireMerchant({ merchants }: MerchantDeps, id: string): Promise<void> {
  if (!(await merchants.getMerchant(id))) throw new MerchantAdminError('not-found', `merchant ${id} not found`);
}

/** Runs `write`, turning a unique-key violation into a clear conflict. */
async function uniquely<T>(write: () => Promise<T>, conflict: string): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof DuplicateKeyError) throw new MerchantAdminError('conflict', conflict);
    throw err;
  }
}

const posView = (p: PointOfSale) => ({ ...p, notificationUrl: p.notificationUrl ?? null });
const contractView = (methods: PaymentMethods, { partnerSettings, ...c }: Contract) => ({
  ...c,
  tradeName: c.tradeName ?? null,
  partner: partnerSettings
    ? (methods.byCardCode(c.cardCode)?.describeSettings(partnerSettings) ?? 'unknown payment method')
    : 'embedded simulator',
});
const keyView = (k: AccessKeyInfo) => ({
  ...k,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

/**
 * The merchant administration the CLI offers, as named operations over the use cases: run in the
 * CLI's own process, or by the running gateway for it (src/http/operator). Inputs are validated
 * here, once for both; results are plain JSON values.
 */
export const ADMIN_OPERATIONS = {
  'merchant create': operation(
    z.object({
      id: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1 to 64 letters, digits, _ or -' })
        .optional(),
      companyName: text(),
      tradeName: text(),
    }),
    async (ctx, input) => {
      const { merchant, key } = await uniquely(
        () => createMerchant(ctx, input, { accessKey: { label: 'initial' } }),
        `merchant ${input.id} already exists`,
      );
      return { merchantId: merchant.id, keyId: key.info.id, accessKey: key.accessKey };
    },
  ),
  'merchant list': operation(z.object({}), async ({ merchants }) =>
    (await merchants.listMerchants()).map(({ id, companyName, tradeName, demo }) => ({
      id,
      companyName,
      tradeName,
      demo,
    })),
  ),
  'pos create': operation(
    z.object({
      merchantId,
      label: text(),
      paymentDelayMinutes: z
        .number({ error: 'must be a positive number of minutes' })
        .int({ error: 'must be a positive number of minutes' })
        .positive({ error: 'must be a positive number of minutes' })
        .optional(),
      notificationUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    }),
    async (ctx, input) => {
      await requireMerchant(ctx, input.merchantId);
      return posView(
        await uniquely(
          () => createPointOfSale(ctx, input),
          `point of sale ${input.label} already exists for merchant ${input.merchantId}`,
        ),
      );
    },
  ),
  'pos list': operation(z.object({ merchantId }), async (ctx, { merchantId }) => {
    await requireMerchant(ctx, merchantId);
    return (await ctx.merchants.listPointsOfSale(merchantId)).map(posView);
  }),
  'contract create': operation(
    z.object({
      merchantId,
      contractNumber: text(64),
      /** The point of sale's label or id. */
      pointOfSale: text(),
      partnerContractId: text(),
      label: optionalText(),
      tradeName: optionalText(),
      active: z.boolean().default(true),
      cardCode: text(64).optional(),
      /** The payment method's settings (Payconiq: apiKey, ppid, apiBaseUrl, jwksUrl). */
      partner: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
    }),
    async (ctx, { pointOfSale, partner, cardCode, ...input }) => {
      const method = methodOf(ctx.paymentMethods, cardCode);
      const partnerSettings = partner && sealedSettings(method, partner, ctx.secrets);
      await requireMerchant(ctx, input.merchantId);
      const pos = (await ctx.merchants.listPointsOfSale(input.merchantId)).find(
        (p) => p.label === pointOfSale || p.id === pointOfSale,
      );
      if (!pos)
        throw new MerchantAdminError(
          'not-found',
          `point of sale ${pointOfSale} not found for merchant ${input.merchantId}`,
        );
      const contract = await uniquely(
        () => createContract(ctx, { ...input, cardCode: method.cardCode, pointOfSaleId: pos.id, partnerSettings }),
        `contract ${input.contractNumber} already exists for merchant ${input.merchantId}`,
      );
      return contractView(ctx.paymentMethods, contract);
    },
  ),
  'contract list': operation(z.object({ merchantId }), async (ctx, { merchantId }) => {
    await requireMerchant(ctx, merchantId);
    return (await ctx.merchants.listContracts(merchantId)).map((c) => contractView(ctx.paymentMethods, c));
  }),
  'key create': operation(
    z.object({ merchantId, label: text().default('cli') }),
    async (ctx, { merchantId, label }) => {
      await requireMerchant(ctx, merchantId);
      const { info, accessKey } = await issueAccessKey(ctx, merchantId, label);
      return { keyId: info.id, accessKey };
    },
  ),
  'key list': operation(z.object({ merchantId }), async (ctx, { merchantId }) => {
    await requireMerchant(ctx, merchantId);
    return (await ctx.merchants.listAccessKeys(merchantId)).map(keyView);
  }),
  'key revoke': operation(
    z.object({ merchantId, keyId: text() }),
    async ({ merchants, clock }, { merchantId, keyId }) => {
      if (!(await merchants.revokeAccessKey(merchantId, keyId, clock.now())))
        throw new MerchantAdminError('not-found', 'no such active key');
      return { revoked: keyId };
    },
  ),
};

export type AdminOperationName = keyof typeof ADMIN_OPERATIONS;
export type AdminResult<N extends AdminOperationName> = Awaited<ReturnType<(typeof ADMIN_OPERATIONS)[N]['run']>>;

export function isAdminOperation(name: string): name is AdminOperationName {
  return Object.hasOwn(ADMIN_OPERATIONS, name);
}

/** Validates `input` and runs the operation; refusals are MerchantAdminError. */
export async function runAdminOperation<N extends AdminOperationName>(
  ctx: AdminContext,
  name: N,
  input: unknown,
): Promise<AdminResult<N>> {
  const op = ADMIN_OPERATIONS[name];
  const parsed = op.input.safeParse(input);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new MerchantAdminError('invalid', issue?.message ?? 'is invalid', issue?.path.join('.') || undefined);
  }
  return (await op.run(ctx, parsed.data as never)) as AdminResult<N>;
}
