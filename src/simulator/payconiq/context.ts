import type { Logger } from 'pino';
import type { CallbackDispatcher } from './callback-dispatcher.js';
import type { MerchantSignatureChecker } from './merchant-signature.js';
import type { ViewContext } from './payment-views.js';
import type { ProfileRegistry } from './profile.js';
import type { SigningKeyRing } from './signing-keys.js';
import type { SimulatorCore } from './simulator-core.js';
import type { SharedClock, SharedSettings } from './simulator-settings.js';
import type { SimulatorStore } from './simulator-store.js';

/** Everything the route plugins share; one per simulator instance. */
export interface SimulatorContext {
  core: SimulatorCore;
  store: SimulatorStore;
  profiles: ProfileRegistry;
  settings: SharedSettings;
  view: ViewContext;
  clock: SharedClock;
  dispatcher: CallbackDispatcher;
  keys: SigningKeyRing;
  merchantSignatures: MerchantSignatureChecker;
  logger: Logger;
}
