/**
 * What a test reads off the wire (a node-soap answer, a JSON body) and walks freely to assert on:
 * a type would restate the WSDL or the API the assertions check anyway.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Wire = any;
