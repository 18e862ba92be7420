import { IMPL_ELEMENTS, OBJ_TYPES } from './payline-schema.js';

export const IMPL_NS = 'http://impl.ws.payline.experian.com';
export const OBJ_NS = 'http://obj.ws.payline.experian.com';

export type FieldType =
  | { kind: 'simple'; name: string; enumeration?: string[]; facets?: Record<string, string> }
  | { kind: 'obj'; name: string }
  | { kind: 'inline'; fields: Field[]; attributes?: FieldAttribute[] };

/** An attribute of an anonymous complex type; no type means xsd:anySimpleType. */
export interface FieldAttribute {
  name: string;
  type?: string;
}

/** One element of an XSD sequence. */
export interface Field {
  name: string;
  min: number;
  /** Infinity for "unbounded". */
  max: number;
  nillable: boolean;
  /** XSD `default`: the value an empty element stands for. */
  default?: string;
  type: FieldType;
}

/** Splits on commas that are not inside {…}, (…), […] or a "quoted" default. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

const FIELD = /^(\w+)(?:\[(\d+)\.\.(\w+)\])?(~)?(?:=("(?:[^"\\]|\\.)*"))?:(.*)$/s;
const ATTRIBUTE = /^@(\w+)(?::(\w+))?$/;

function parseField(entry: string): Field {
  const m = FIELD.exec(entry);
  if (!m) throw new Error(`Bad schema entry: ${entry}`);
  const [, name = '', min, max, nil, dflt, typeText = ''] = m;
  return {
    name,
    min: min === undefined ? 1 : Number(min),
    max: max === undefined ? 1 : max === 'unbounded' ? Infinity : Number(max),
    nillable: nil === '~',
    ...(dflt !== undefined && { default: JSON.parse(dflt) as string }),
    type: parseType(typeText),
  };
}

export function parseSequence(text: string): Field[] {
  return splitTopLevel(text).map((entry) => {
    if (entry.startsWith('@')) throw new Error(`Attribute outside an anonymous type: ${entry}`);
    return parseField(entry);
  });
}

function parseInline(text: string): FieldType {
  const entries = splitTopLevel(text);
  const attributes = entries
    .filter((e) => e.startsWith('@'))
    .map((e): FieldAttribute => {
      const m = ATTRIBUTE.exec(e);
      if (!m) throw new Error(`Bad schema attribute: ${e}`);
      return m[2] ? { name: m[1]!, type: m[2] } : { name: m[1]! };
    });
  const fields = entries.filter((e) => !e.startsWith('@')).map(parseField);
  return attributes.length > 0 ? { kind: 'inline', fields, attributes } : { kind: 'inline', fields };
}

function parseType(text: string): FieldType {
  if (text.startsWith('{')) return parseInline(text.slice(1, -1));
  if (text.startsWith('obj:')) return { kind: 'obj', name: text.slice(4) };
  const m = /^(\w+)(?:\((.*)\))?(?:\[(.*)\])?$/.exec(text);
  if (!m) throw new Error(`Bad schema type: ${text}`);
  const [, name = '', enumeration, facets] = m;
  return {
    kind: 'simple',
    name,
    ...(enumeration !== undefined && { enumeration: enumeration.split('|') }),
    ...(facets !== undefined && {
      facets: Object.fromEntries(facets.split(',').map((f) => f.split('=', 2) as [string, string])),
    }),
  };
}

const implCache = new Map<string, Field[]>();
const objCache = new Map<string, Field[]>();

/** The sequence of an impl element (`doWebPaymentRequest`), or undefined if the WSDL has none. */
export function implElement(name: string): Field[] | undefined {
  const text = IMPL_ELEMENTS[name];
  if (text === undefined) return undefined;
  let fields = implCache.get(name);
  if (!fields) implCache.set(name, (fields = parseSequence(text)));
  return fields;
}

export function objType(name: string): Field[] {
  const text = OBJ_TYPES[name];
  if (text === undefined) throw new Error(`Unknown obj type ${name}`);
  let fields = objCache.get(name);
  if (!fields) objCache.set(name, (fields = parseSequence(text)));
  return fields;
}

/** Child fields of a complex field, or undefined for a simple one. */
export function childFields(field: Field): Field[] | undefined {
  if (field.type.kind === 'obj') return objType(field.type.name);
  if (field.type.kind === 'inline') return field.type.fields;
  return undefined;
}
