import type { TestGateway } from './test-gateway.js';
import type { Wire } from './wire.js';

export function validSessionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pointOfSaleReference: 'DemoShop',
    paymentMethod: { paymentMethodIDs: ['PAYCONIQFP'] },
    order: { reference: 'ORDER-1', amount: 1000, currency: 'EUR', country: 'BE', date: '26/11/2026 10:00' },
    payment: { paymentType: 'ONE_OFF', capture: 'AUTOMATIC', amount: 1000 },
    buyer: { firstName: 'John', lastName: 'Doe' },
    returnURL: 'https://shop.example/return',
    cancelURL: 'https://shop.example/cancel',
    ...overrides,
  };
}

export async function restCall(
  t: TestGateway,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await t.gateway.app.inject({
    method,
    url,
    headers: {
      authorization: t.authorization,
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body !== undefined && { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  let json: Wire;
  try {
    json = JSON.parse(res.body);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, json, body: res.body, headers: res.headers };
}
