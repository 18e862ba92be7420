import type { SealedPartnerSettings } from '../domain/merchant.js';
import type { SecretBox } from '../security/secret-box.js';
import type { PaymentMethod } from './partner-port.js';

/**
 * A contract's partner settings as stored: the method's schema applied, its secret fields sealed.
 * Throws the schema's ZodError when the settings are not valid for the method.
 */
export function sealPartnerSettings(method: PaymentMethod, given: unknown, secrets: SecretBox): SealedPartnerSettings {
  const settings: Record<string, unknown> = { ...method.settings.parse(given) };
  for (const field of method.secretSettings) {
    if (typeof settings[field] === 'string') settings[field] = secrets.seal(settings[field]);
  }
  return settings;
}

/** The settings in clear, for the connector only. */
export function openPartnerSettings(
  method: PaymentMethod,
  sealed: SealedPartnerSettings,
  secrets: SecretBox,
): Record<string, unknown> {
  const settings: Record<string, unknown> = { ...sealed };
  for (const field of method.secretSettings) {
    if (typeof settings[field] === 'string') settings[field] = secrets.open(settings[field]);
  }
  return settings;
}
