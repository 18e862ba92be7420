import type { ResultCode } from '../../src/domain/result-codes.js';
import type { Queryable } from '../../src/store/db.js';
import { insertTransaction } from '../../src/store/rows.js';

/** One payment to seed: its session and its transaction (and, optionally, a refund of it). */
export interface SeedPayment {
  id: string;
  merchantId: string;
  pointOfSaleId: string;
  contractNumber: string;
  createdAt: Date;
  /** Minor units. */
  amount: number;
  resultCode?: string;
  orderRef?: string;
  firstName?: string;
  lastName?: string;
  payerName?: string;
  token?: string;
  currency?: number;
  refund?: { id: string; amount: number; createdAt: Date; resultCode?: string };
}

export const seedToken = (id: string) => `SEED${id.padStart(16, '0').slice(-16)}${'0'.repeat(13)}`;

/**
 * Writes sessions and transactions straight into the tables, as the payment use cases would have
 * left them: the listing's columns are filled by the database's own trigger (migration 14).
 */
export async function seedPayments(db: Queryable, payments: readonly SeedPayment[]): Promise<void> {
  for (const p of payments) {
    const token = p.token ?? seedToken(p.id);
    const buyer = { ...(p.firstName && { firstName: p.firstName }), ...(p.lastName && { lastName: p.lastName }) };
    await db.query(
      `INSERT INTO web_sessions (token, merchant_id, point_of_sale_id, contract_number, card_code, result_code, amount,
         currency, order_ref, soft_descriptor, return_url, cancel_url, request, created_at, expires_at, final_at, transaction_id)
       VALUES ($1, $2, $3, $4, 'PAYCONIQ_MNXT', $5, $6, $7, $8, 'SEED', 'https://shop.example/ok', 'https://shop.example/ko',
         $9, $10, $10, $10, $11)`,
      [
        token,
        p.merchantId,
        p.pointOfSaleId,
        p.contractNumber,
        p.resultCode ?? '00000',
        p.amount,
        p.currency ?? 978,
        p.orderRef ?? `ORDER-${p.id}`,
        JSON.stringify({ buyer }),
        p.createdAt,
        p.id,
      ],
    );
    const payment = {
      id: p.id,
      merchantId: p.merchantId,
      contractNumber: p.contractNumber,
      currency: p.currency ?? 978,
      softDescriptor: 'SEED',
    };
    await insertTransaction(db, {
      ...payment,
      token,
      type: 'AUTHOR+CAP',
      amount: p.amount,
      resultCode: (p.resultCode ?? '00000') as ResultCode,
      createdAt: p.createdAt,
      payerName: p.payerName,
    });
    if (p.refund)
      await insertTransaction(db, {
        ...payment,
        id: p.refund.id,
        type: 'REFUND',
        amount: p.refund.amount,
        resultCode: (p.refund.resultCode ?? '00000') as ResultCode,
        createdAt: p.refund.createdAt,
        originalTransactionId: p.id,
      });
  }
}

/**
 * `count` accepted payments in one statement each for sessions and transactions (the streaming
 * tests): ids `<prefix><n>`, one a second back from `newest`, amounts 1.00 to 100.00.
 */
export async function seedManyPayments(
  db: Queryable,
  opts: {
    merchantId: string;
    pointOfSaleId: string;
    contractNumber: string;
    count: number;
    prefix: string;
    newest: Date;
  },
): Promise<void> {
  const args = [opts.merchantId, opts.pointOfSaleId, opts.contractNumber, opts.count, opts.prefix, opts.newest];
  await db.query(
    `INSERT INTO web_sessions (token, merchant_id, point_of_sale_id, contract_number, card_code, result_code, amount,
       currency, order_ref, soft_descriptor, return_url, cancel_url, request, created_at, expires_at, transaction_id)
     SELECT $5 || 'TOKEN' || n, $1, $2, $3, 'PAYCONIQ_MNXT', '00000', 100 + n % 9900, 978, $5 || 'ORDER' || n, 'SEED',
            'https://shop.example/ok', 'https://shop.example/ko', jsonb_build_object('buyer', jsonb_build_object('lastName', 'Buyer ' || n)),
            $6::timestamptz - n * interval '1 second', $6::timestamptz, $5 || n
       FROM generate_series(1, $4::integer) AS n`,
    args,
  );
  await db.query(
    `INSERT INTO transactions (id, merchant_id, token, contract_number, type, amount, currency, result_code, created_at, soft_descriptor)
     SELECT $4 || n, $1, $4 || 'TOKEN' || n, $2, 'AUTHOR+CAP', 100 + n % 9900, 978, '00000', $5::timestamptz - n * interval '1 second', 'SEED'
       FROM generate_series(1, $3::integer) AS n`,
    [opts.merchantId, opts.contractNumber, opts.count, opts.prefix, opts.newest],
  );
}
