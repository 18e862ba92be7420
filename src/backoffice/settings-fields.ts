import { z } from 'zod';
import type { PaymentMethod } from '../connectors/partner-port.js';

/** One field of a payment method's own settings, as its form shows it. */
export interface SettingsField {
  name: string;
  /** By language; English when the method says nothing else. */
  title: { en: string; fr: string };
  required: boolean;
  /** Used when left empty. */
  defaultValue?: string | undefined;
  /** Write-only: never shown again once stored. */
  secret: boolean;
}

/**
 * The fields of a payment method's settings, read from its connector's schema (its JSON Schema
 * as given: names, required ones, defaults, and the `title` / `titleFr` its `.meta()` carries).
 */
export function settingsFields(method: PaymentMethod): SettingsField[] {
  const schema = z.toJSONSchema(method.settings, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { title?: unknown; titleFr?: unknown; default?: unknown }>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, p]) => {
    const en = typeof p.title === 'string' ? p.title : name;
    return {
      name,
      title: { en, fr: typeof p.titleFr === 'string' ? p.titleFr : en },
      required: (schema.required ?? []).includes(name) && p.default === undefined,
      defaultValue: typeof p.default === 'string' ? p.default : undefined,
      secret: method.secretSettings.includes(name),
    };
  });
}
