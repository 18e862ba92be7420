import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import type { ConnectionCheckStep } from '../../../connectors/partner-port.js';
import {
  createPaymentMethod,
  getPaymentMethod,
  listPaymentMethods,
  testPaymentMethodConnection,
  updatePaymentMethod,
} from '../../../backoffice/payment-methods.js';
import { can, requireCapability } from '../../../backoffice/policy.js';
import { settingsFields } from '../../../backoffice/settings-fields.js';
import { formBody, type BackOffice, type MerchantContext } from '../context.js';
import { merchantPath } from '../nav.js';
import type { Problems } from '../views/form-kit.js';
import { PaymentMethodFormPage, PaymentMethodsPage } from '../views/payment-method-pages.js';
import { forMerchant, submit } from './route-kit.js';

export async function paymentMethodRoutes(app: FastifyInstance, bo: BackOffice) {
  const { deps } = bo;
  const base = '/merchants/:merchantId/payment-methods';
  const numberOf = (c: MerchantContext) => (c.req.params as { contractNumber: string }).contractNumber;
  const pathOf = (c: MerchantContext, n: string) =>
    merchantPath(c.merchant.id, `payment-methods/${encodeURIComponent(n)}`);

  app.get(
    base,
    forMerchant(bo, async (c) => {
      const { methods } = await listPaymentMethods(deps, c.actor, c.merchant.id);
      return c.page(
        h(PaymentMethodsPage, {
          chrome: c.chrome,
          merchantId: c.merchant.id,
          methods,
          canEdit: can(c.actor.user, 'configuration.edit'),
        }),
      );
    }),
  );

  const common = (c: MerchantContext) => ({
    chrome: c.chrome,
    csrf: c.csrf,
    merchantId: c.merchant.id,
    paymentMethods: deps.paymentMethods,
    homologation: deps.homologation,
    canEdit: can(c.actor.user, 'configuration.edit'),
  });

  /** A new contract: the settings fields shown are those of the method picked (the first one until then). */
  const newPage = async (c: MerchantContext, status = 200, problems?: Problems) => {
    requireCapability(c.actor.user, 'configuration.edit');
    const { pointsOfSale } = await listPaymentMethods(deps, c.actor, c.merchant.id);
    const body = problems ? formBody(c.req) : undefined;
    const asked = String(body?.['cardCode'] ?? (c.req.query as Record<string, unknown>)['cardCode'] ?? '');
    const method =
      deps.paymentMethods.byCardCode(asked) ?? deps.paymentMethods.byCardCode(deps.paymentMethods.cardCodes[0]!)!;
    return c.page(
      h(PaymentMethodFormPage, {
        ...common(c),
        pointsOfSale,
        cardCode: method.cardCode,
        fields: settingsFields(method),
        values: body,
        problems,
      }),
      status,
    );
  };

  app.get(
    `${base}/new`,
    forMerchant(bo, (c) => newPage(c)),
  );

  app.post(
    `${base}/new`,
    forMerchant(bo, (c) =>
      submit(
        async () => {
          const contract = await createPaymentMethod(deps, c.actor, c.merchant.id, formBody(c.req));
          return c.redirect(`${pathOf(c, contract.contractNumber)}?saved`);
        },
        (problems) => newPage(c, 422, problems),
      ),
    ),
  );

  const editPage = async (
    c: MerchantContext,
    status = 200,
    extra: { problems?: Problems; test?: ConnectionCheckStep[] } = {},
  ) => {
    const { pointsOfSale, method } = await getPaymentMethod(deps, c.actor, c.merchant.id, numberOf(c));
    return c.page(
      h(PaymentMethodFormPage, {
        ...common(c),
        pointsOfSale,
        existing: method,
        fields: method.fields,
        values: extra.problems ? formBody(c.req) : undefined,
        saved: (c.req.query as Record<string, unknown>)['saved'] !== undefined,
        ...extra,
      }),
      status,
    );
  };

  app.get(
    `${base}/:contractNumber`,
    forMerchant(bo, (c) => editPage(c)),
  );

  app.post(
    `${base}/:contractNumber`,
    forMerchant(bo, (c) =>
      submit(
        async () => {
          await updatePaymentMethod(deps, c.actor, c.merchant.id, numberOf(c), formBody(c.req));
          return c.redirect(`${pathOf(c, numberOf(c))}?saved`);
        },
        (problems) => editPage(c, 422, { problems }),
      ),
    ),
  );

  /** Reads at the partner only, nothing changes: the result is shown on the contract's page. */
  app.post(
    `${base}/:contractNumber/test`,
    forMerchant(bo, async (c) => {
      const test = await testPaymentMethodConnection(deps, c.actor, c.merchant.id, numberOf(c));
      return editPage(c, 200, { test });
    }),
  );
}
