import { startDemoShop, type DemoShop } from '../../src/demo-shop/shop-server.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

export interface ShopBesideGateway {
  t: TestGateway;
  shop: DemoShop;
  close(): Promise<void>;
}

/**
 * The demo shop pointed at a test gateway by URL and credentials, as `passerelle demo-shop
 * --gateway` runs it: the gateway's worker runs only when a test calls `runOnce()`.
 */
export async function startShopBesideGateway(): Promise<ShopBesideGateway> {
  const t = await startTestGateway();
  const shop = await startDemoShop({
    gatewayUrl: t.baseUrl,
    merchantId: t.merchantId,
    accessKey: t.accessKey,
    contractNumber: 'PAYCONIQFP',
    port: 0,
    host: '127.0.0.1',
  }).catch(async (err) => {
    await t.close();
    throw err;
  });
  return {
    t,
    shop,
    async close() {
      await shop.close();
      await t.close();
    },
  };
}
