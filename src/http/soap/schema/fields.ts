import { IMPL_ELEMENTS, OBJ_TYPES } from './payline-schema.js';

export const IMPL_NS = 'http://impl.ws.payline.experian.com';
export const OBJ_NS = 'http://obj.ws.payline.experian.com';

export type FieldType =
  | { kind: 'simple'; name: string; enumeration?: string[] }
  | { kind: 'obj'; name: string }
  | { kind: 'inline'; fields: Field[] };

/** One element of an XSD sequence. */
export interface Field {
  name: string;
  min: number;
  /** Infinity for "unbounded". */
  max: number;
  nillable: boolean;
  type: FieldType;
}

/** Splits on commas that are not inside {…} or (…). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{' || ch === '(') depth++;
    else if (ch === '}' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

const FIELD = /^(\w+)(?:\[(\d+)\.\.(\w+)\])?(~)?:(.*)$/s;

export function parseSequence(text: string): Field[] {
  return splitTopLevel(text).map((entry) => {
    const m = FIELD.exec(entry);
    if (!m) throw new Error(`Bad schema entry: ${entry}`);
    const [, name = '', min, max, nil, typeText = ''] = m;
    return {
      name,
      min: min === undefined ? 1 : Number(min),
      max: max === undefined ? 1 : max === 'unbounded' ? Infinity : Number(max),
      nillable: nil === '~',
      type: parseType(typeText),
    };
  });
}

function parseType(text: string): FieldType {
  if (text.startsWith('{')) return { kind: 'inline', fields: parseSequence(text.slice(1, -1)) };
  if (text.startsWith('obj:')) return { kind: 'obj', name: text.slice(4) };
  const en = /^(\w+)\((.*)\)$/.exec(text);
  if (en) return { kind: 'simple', name: en[1]!, enumeration: en[2]!.split('|') };
  return { kind: 'simple', name: text };
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
