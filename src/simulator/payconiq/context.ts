import type { Logger } from 'pino';
import type { CallbackDispatcher } from './callback-dispatcher.js';
import type { SimClock } from './clock.js';
import type { MerchantSignatureChecker } from './merchant-signature.js';
import type { PaymentBook } from './payment-book.js';
import type { ViewContext } from './payment-views.js';
import type { ProfileRegistry } from './profile.js';
import type { SimulatorQuirks } from './quirks.js';
import type { SigningKeyRing } from './signing-keys.js';
import type { SimulatorCore } from './simulator-core.js';

/** Everything the route plugins share; one per simulator instance. */
export interface SimulatorContext {
  core: SimulatorCore;
  book: PaymentBook;
  profiles: ProfileRegistry;
  quirks: SimulatorQuirks;
  view: ViewContext;
  clock: SimClock;
  dispatcher: CallbackDispatcher;
  keys: SigningKeyRing;
  merchantSignatures: MerchantSignatureChecker;
  logger: Logger;
}
