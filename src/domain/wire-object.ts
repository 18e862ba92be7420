/** A Payline object as it travels on the wire: string leaves, nested objects, lists. */
export type WireObject = { [key: string]: WireValue };
export type WireValue = string | WireObject | WireValue[] | undefined;

/** `v` when it is a wire object (not text, not a list), else undefined. */
export function asWireObject(v: unknown): WireObject | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as WireObject) : undefined;
}
