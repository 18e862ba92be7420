import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { filterParams, readTransactionQuery, writeCursor } from '../../../backoffice/transaction-query.js';
import { exportTransactions, listTransactions } from '../../../backoffice/transactions.js';
import type { BackOffice, MerchantContext } from '../context.js';
import { merchantPath } from '../nav.js';
import { csvChunks, csvFileName, readCharset } from '../transactions-csv.js';
import { TransactionsPage } from '../views/transactions-page.js';
import { forMerchant } from './route-kit.js';

/** The transactions list (filters, keyset pages) and its CSV export (streamed). */
export async function transactionRoutes(app: FastifyInstance, bo: BackOffice) {
  const { deps } = bo;

  app.get(
    '/merchants/:merchantId/transactions',
    forMerchant(bo, async (c: MerchantContext) => {
      const q = c.req.query as Record<string, unknown>;
      const { values, query, problems } = readTransactionQuery(q);
      const invalid = Object.keys(problems).length > 0;
      // Filters that cannot be read list nothing (rather than more than asked).
      const page = await listTransactions(deps, c.actor, c.merchant.id, invalid ? undefined : query);
      const list = merchantPath(c.merchant.id, 'transactions');
      const params = filterParams(values);
      const exportQuery = params.toString();
      const first = exportQuery ? `${list}?${exportQuery}` : list;
      if (page.next) params.set('after', writeCursor(page.next));
      return c.page(
        h(TransactionsPage, {
          chrome: c.chrome,
          merchantId: c.merchant.id,
          transactions: page.transactions,
          pointsOfSale: page.pointsOfSale,
          contracts: page.contracts,
          values,
          problems,
          olderHref: page.next ? `${list}?${params.toString()}` : undefined,
          newestHref: query.after ? first : undefined,
          exportQuery,
        }),
        invalid ? 422 : 200,
      );
    }),
  );

  // No HEAD: Fastify would read the whole export to throw it away.
  app.get(
    '/merchants/:merchantId/transactions.csv',
    { exposeHeadRoute: false },
    forMerchant(bo, async (c: MerchantContext) => {
      const q = c.req.query as Record<string, unknown>;
      const { values, query, problems } = readTransactionQuery(q);
      const charset = readCharset(q['charset']);
      // Filters the page would refuse: back to it, where they are shown.
      if (!charset || Object.keys(problems).length > 0) {
        return c.redirect(`${merchantPath(c.merchant.id, 'transactions')}?${filterParams(values).toString()}`);
      }
      const { rows, pointsOfSale } = await exportTransactions(deps, c.actor, c.merchant.id, query);
      const stream = Readable.from(csvChunks(rows, pointsOfSale, charset));
      stream.on('error', (err) => c.req.log.error({ err }, 'transactions export failed'));
      return c.reply
        .type(`text/csv; charset=${charset}`)
        .header('content-disposition', `attachment; filename="${csvFileName(c.merchant.id, deps.clock.now())}"`)
        .send(stream);
    }),
  );
}
