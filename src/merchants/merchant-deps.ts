import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/ids.js';
import type { MerchantConfiguration } from '../ports/merchant-configuration.js';

/** What the merchant administration use cases receive (a PaymentDeps has it all). */
export interface MerchantDeps {
  merchants: MerchantConfiguration;
  clock: Clock;
  ids: IdGenerator;
}
