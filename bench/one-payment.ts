import { restSessionBody, soapDoWebPaymentBody, soapWebPaymentDetailsBody } from './payloads.js';

/**
 * One complete payment over HTTP (REST or SOAP doWebPayment, hosted page, simulator pay, getWebPaymentDetails), for
 * bench/trace-payment.ts: `at` is told each step as it starts; `callbacksIdle`, if given, is awaited after paying, so
 * that the simulator's callbacks are a step of their own.
 */
export async function onePayment(
  baseUrl: string,
  authorization: string,
  soap: boolean,
  at: (step: string) => void = () => undefined,
  callbacksIdle?: () => Promise<void>,
): Promise<void> {
  const send = (path: string, init: RequestInit) => fetch(new URL(path, baseUrl), { redirect: 'manual', ...init });
  const orderRef = `TRACE-${Date.now().toString(36)}`;

  at('doWebPayment');
  let token: string;
  if (soap) {
    const res = await send('/V4/services/WebPaymentAPI', {
      method: 'POST',
      headers: { authorization, 'content-type': 'text/xml; charset=utf-8' },
      body: soapDoWebPaymentBody(orderRef),
    });
    const body = await res.text();
    token = /<(?:\w+:)?token>([^<]+)</.exec(body)?.[1] ?? '';
    if (!token) throw new Error(`doWebPayment: HTTP ${res.status} ${body.slice(0, 300)}`);
  } else {
    const res = await send('/v1/checkout/sessions', {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: restSessionBody(orderRef),
    });
    token = ((await res.json()) as { sessionId: string }).sessionId;
    if (res.status !== 201) throw new Error(`doWebPayment: HTTP ${res.status}`);
  }

  at('open page');
  const page = await send(`/v2/?token=${token}`, { headers: { accept: 'text/html' } });
  const html = await page.text();
  if (!/data-result-code="02306"/.test(html)) throw new Error(`open page: HTTP ${page.status}, not pending`);

  at('pay');
  const paid = await send('/v2/simulator/pay', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${encodeURIComponent(token)}`,
  });
  if (paid.status !== 303 || !paid.headers.get('location')?.includes('paylinetoken'))
    throw new Error(`pay: HTTP ${paid.status} → ${paid.headers.get('location')}`);

  // The simulator's signed callbacks are sent asynchronously: all of them in this step.
  at('callbacks');
  await callbacksIdle?.();

  at('getWebPaymentDetails');
  const details = await send('/V4/services/WebPaymentAPI', {
    method: 'POST',
    headers: { authorization, 'content-type': 'text/xml; charset=utf-8' },
    body: soapWebPaymentDetailsBody(token),
  });
  const code = /<(?:\w+:)?code>([^<]*)</.exec(await details.text())?.[1];
  if (code !== '00000') throw new Error(`getWebPaymentDetails: code ${code}`);
}
