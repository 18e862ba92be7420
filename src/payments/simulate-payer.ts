import { GatewayError } from '../domain/gateway-error.js';
import type { WebSession } from '../domain/web-session.js';
import type { PaymentDeps } from './deps.js';
import { openPaymentPage } from './open-payment-page.js';
import { syncPartnerPayment } from './sync-partner-payment.js';

/**
 * Homologation: the MAKE A PAYMENT / ABORT buttons act as the buyer's phone on the embedded
 * partner simulator (scan + pay, or cancel). The simulator then calls back like the partner; the
 * gateway also reads the payment once (the buyer's return), whichever comes first settles it.
 */
export async function simulatePayer(deps: PaymentDeps, token: string, choice: 'pay' | 'abort'): Promise<WebSession | undefined> {
  if (!deps.simulator) throw new GatewayError('02010', 'simulator not available');
  const session = await openPaymentPage(deps, token);
  if (!session?.partnerPaymentId || session.finalAt) return session;
  const id = session.partnerPaymentId;
  try {
    if (choice === 'pay') {
      await deps.simulator.act(id, 'scan');
      await deps.simulator.act(id, 'pay');
    } else {
      await deps.simulator.act(id, 'cancel');
    }
  } catch (err) {
    // A payment already final at the simulator (second tab, double click) refuses the action.
    deps.log.info({ token, choice, reason: (err as Error).message }, 'simulator action refused');
  }
  return syncPartnerPayment(deps, token, 'simulator');
}
