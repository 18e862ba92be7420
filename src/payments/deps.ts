import type { Logger } from 'pino';
import type { Clock, Store } from '../ports.js';

/** What every use case receives: the store, the clock, the logger and the public base URL. */
export interface PaymentDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  publicUrl: string;
}
