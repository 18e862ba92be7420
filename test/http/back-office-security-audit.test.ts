import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAccessKey, relabelAccessKey, revokeAccessKey } from '../../src/backoffice/access-keys.js';
import type { Actor } from '../../src/backoffice/actor.js';
import type { BackOfficeDeps } from '../../src/backoffice/deps.js';
import { createMerchantAccount, updateMerchantAccount } from '../../src/backoffice/merchant-accounts.js';
import {
  createMerchantUser,
  resetMerchantUserPassword,
  updateMerchantUser,
} from '../../src/backoffice/merchant-users.js';
import { changePassword, disableTotp, signOutEverywhere } from '../../src/backoffice/my-account.js';
import { createPaymentMethod, updatePaymentMethod } from '../../src/backoffice/payment-methods.js';
import { createPointOfSaleFor, updatePointOfSale } from '../../src/backoffice/points-of-sale.js';
import { hashSessionId } from '../../src/backoffice/sessions.js';
import { issueWebhookSecret } from '../../src/backoffice/webhook-secrets.js';
import { addUser, firstPointOfSale, OPERATOR, useBackOffice } from '../support/back-office-client.js';
import { dbFingerprint } from '../support/db-fingerprint.js';

/** The back-office's use cases with an audit log that fails once the change is written. */
function auditFailing(bo: BackOfficeDeps): BackOfficeDeps {
  return {
    ...bo,
    atomically: (work) =>
      bo.atomically((stores) =>
        work({
          ...stores,
          audit: {
            record: () => Promise.reject(new Error('audit log unavailable')),
            list: (filter) => stores.audit.list(filter),
          },
        }),
      ),
  };
}

describe('back-office security: a change and its audit entry are one transaction', () => {
  const f = useBackOffice();

  it('when the audit entry cannot be written, the change is not kept either: every kind of change', async () => {
    const bo = f.t.gateway.backOffice;
    const operator: Actor = { user: (await bo.users.findByEmail(OPERATOR.email))!.user, address: '192.0.2.1' };
    const pos = await firstPointOfSale(f.t, f.merchantId);
    const target = await addUser(f.t, {
      email: 'audited@demo.example',
      password: 'audited password 1',
      profile: 'read-only',
      merchantId: f.merchantId,
    });
    const key = (await bo.merchants.listAccessKeys(f.merchantId))[0]!;
    const contract = {
      active: 'on',
      label: 'Audited',
      currency: '978',
      pointOfSaleId: pos,
      partnerContractId: 'MONEXTTESTCONTRACT',
    };
    const failing = auditFailing(bo);
    const id = f.merchantId;
    const changes: [string, (deps: BackOfficeDeps) => Promise<unknown>][] = [
      ['merchant.create', (d) => createMerchantAccount(d, operator, { companyName: 'New SA', tradeName: 'New' })],
      ['merchant.update', (d) => updateMerchantAccount(d, operator, id, { companyName: 'X SA', tradeName: 'X' })],
      ['access-key.create', (d) => createAccessKey(d, operator, id, { label: 'audited' })],
      ['access-key.label', (d) => relabelAccessKey(d, operator, id, { keyId: key.id, label: 'relabelled' })],
      ['access-key.revoke', (d) => revokeAccessKey(d, operator, id, { keyId: key.id })],
      [
        'point-of-sale.create',
        (d) => createPointOfSaleFor(d, operator, id, { label: 'New', paymentDelayMinutes: '61' }),
      ],
      [
        'point-of-sale.update',
        (d) => updatePointOfSale(d, operator, id, pos, { label: 'Renamed', paymentDelayMinutes: '30' }),
      ],
      ['point-of-sale.signing-secret.create', (d) => issueWebhookSecret(d, operator, id, pos)],
      [
        'payment-method.create',
        (d) =>
          createPaymentMethod(d, operator, id, { ...contract, contractNumber: 'AUDITED', cardCode: 'PAYCONIQ_MNXT' }),
      ],
      ['payment-method.update', (d) => updatePaymentMethod(d, operator, id, 'PAYCONIQFP', { ...contract, label: 'L' })],
      [
        'user.create',
        (d) =>
          createMerchantUser(d, operator, id, {
            email: 'new@demo.example',
            displayName: 'New',
            profile: 'read-only',
            password: 'a new password 1',
          }),
      ],
      [
        'user.update',
        (d) =>
          updateMerchantUser(d, operator, id, target.id, { displayName: 'Off', profile: 'powers', disabled: 'on' }),
      ],
      [
        'user.password-reset',
        (d) => resetMerchantUserPassword(d, operator, id, target.id, { password: 'reset password 1' }),
      ],
      ['user.sign-out-everywhere', (d) => signOutEverywhere(d, operator)],
      ['user.totp-disable', (d) => disableTotp(d, operator, { password: OPERATOR.password })],
      [
        'user.password-change',
        (d) =>
          changePassword(d, operator, hashSessionId('none'), {
            current: OPERATOR.password,
            password: 'another password 1',
            confirm: 'another password 1',
          }),
      ],
    ];
    for (const [action, change] of changes) {
      const before = await dbFingerprint(f.t.gateway.db);
      await assert.rejects(change(failing), /audit log unavailable/, action);
      assert.deepEqual(await dbFingerprint(f.t.gateway.db), before, `${action}: nothing kept`);
    }
    // With the audit log up, the same changes are kept, each with its entry.
    for (const [action, change] of changes) {
      await change(bo);
      const [entry] = await bo.audit.list({ action, limit: 1 });
      assert.equal(entry?.action, action);
    }
  });
});
