/**
 * Real-world drift the gateway's connector must survive (doc §10 "Quirk toggles"). All off by
 * default, so the default simulator behaves like the current documented partner. They are shared
 * by every process of one simulator (simulator-settings.ts).
 */
export interface SimulatorQuirks {
  /** `https://payconiq.com/iss` sent as "payconiq" (happened in 2026, broke exact-match verifiers). */
  lowercaseIss: boolean;
  /** Fraction digits of `https://payconiq.com/iat`: ms (normal), µs or ns (2023 incidents). */
  iatPrecision: 'ms' | 'us' | 'ns';
  /** Signature encoded as ASN.1 DER instead of JOSE's raw r||s (hinted at by a client's fix). */
  derSignature: boolean;
  /** `typ` as "jose+json" (the docs' spelling) instead of "JOSE+JSON" (the real samples'). */
  typLowercase: boolean;
  /** Callbacks carry no `debtor` at all (real EXPIRED callbacks lack it though the spec requires it). */
  omitDebtor: boolean;
  /** transferAmount / tippingAmount / totalAmount, removed by spec 3.6.2 but sent for years. */
  legacyAmountFields: boolean;
  /** Every callback is delivered twice, byte-identical (receivers must dedupe on jti). */
  duplicateCallbacks: boolean;
  /** Non-final callbacks (IDENTIFIED, AUTHORIZED) are held back and sent after the final one. */
  outOfOrderCallbacks: boolean;
  /** The next `count` Merchant API calls answer this status (429 with an empty body). */
  failNext?: { status: 429 | 500 | 503; count: number };
  /** Delay before every Merchant API answer, to exercise client timeouts. */
  slowMs: number;
  /** Refunds end FAILED instead of REFUNDED. */
  refundsFail: boolean;
  /** refundIban answers 422 REFUND_NOT_AVAILABLE (app payments: IBAN known only a day or two later). */
  refundIbanNotAvailable: boolean;
}

export function defaultQuirks(): SimulatorQuirks {
  return {
    lowercaseIss: false,
    iatPrecision: 'ms',
    derSignature: false,
    typLowercase: false,
    omitDebtor: false,
    legacyAmountFields: false,
    duplicateCallbacks: false,
    outOfOrderCallbacks: false,
    failNext: undefined,
    slowMs: 0,
    refundsFail: false,
    refundIbanNotAvailable: false,
  };
}

const BOOLEAN_KEYS = [
  'lowercaseIss',
  'derSignature',
  'typLowercase',
  'omitDebtor',
  'legacyAmountFields',
  'duplicateCallbacks',
  'outOfOrderCallbacks',
  'refundsFail',
  'refundIbanNotAvailable',
] as const;

/**
 * Validates a partial quirks object (from POST /_simulator/quirks or setQuirks) into the values to
 * merge. All-or-nothing: a bad key refuses the whole patch. `failNext: null` (or a count of 0) clears it.
 */
export function parseQuirksPatch(patch: unknown): Partial<SimulatorQuirks> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
    throw new TypeError('quirks must be a JSON object');
  const next: Partial<SimulatorQuirks> = {};
  for (const [key, value] of Object.entries(patch)) {
    if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') throw new TypeError(`${key} must be a boolean`);
      next[key as (typeof BOOLEAN_KEYS)[number]] = value;
    } else if (key === 'iatPrecision') {
      if (value !== 'ms' && value !== 'us' && value !== 'ns')
        throw new TypeError('iatPrecision must be "ms", "us" or "ns"');
      next.iatPrecision = value;
    } else if (key === 'slowMs') {
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 120_000)
        throw new TypeError('slowMs must be an integer 0..120000');
      next.slowMs = value as number;
    } else if (key === 'failNext') {
      next.failNext = parseFailNext(value);
    } else {
      throw new TypeError(`unknown quirk ${key}`);
    }
  }
  return next;
}

/** `base` with the patch's values; a patch's failNext key, even undefined, replaces the current one. */
export function mergeQuirks(base: SimulatorQuirks, patch: Partial<SimulatorQuirks>): SimulatorQuirks {
  return quirksFrom({ ...base, ...patch });
}

/**
 * Quirks as stored (JSON: absent keys take their default, a used-up failNext is `{count: 0}` or
 * null), as the simulator uses them.
 */
export function quirksFrom(stored: Record<string, unknown>): SimulatorQuirks {
  const quirks = { ...defaultQuirks(), ...stored } as SimulatorQuirks;
  const failNext = quirks.failNext as SimulatorQuirks['failNext'] | null;
  return {
    ...quirks,
    failNext: failNext && failNext.count > 0 ? { status: failNext.status, count: failNext.count } : undefined,
  };
}

function parseFailNext(value: unknown): SimulatorQuirks['failNext'] {
  if (value === null || value === undefined) return undefined;
  const v = value as { status?: unknown; count?: unknown };
  if (typeof value !== 'object' || ![429, 500, 503].includes(v.status as number))
    throw new TypeError('failNext.status must be 429, 500 or 503');
  const count = v.count ?? 1;
  if (!Number.isInteger(count) || (count as number) < 0)
    throw new TypeError('failNext.count must be a non-negative integer');
  return count === 0 ? undefined : { status: v.status as 429 | 500 | 503, count: count as number };
}
