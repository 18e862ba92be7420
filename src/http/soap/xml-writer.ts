import type { WireObject, WireValue } from '../../domain/wire-object.js';
import { childFields, IMPL_NS, implElement, OBJ_NS, type Field } from './schema/fields.js';

const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

// Characters XML 1.0 cannot carry at all; they are dropped rather than breaking the envelope.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const NEEDS_ESCAPE = new RegExp(`[&<>]|${INVALID_XML_CHARS.source}`);

export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    .replace(INVALID_XML_CHARS, '')
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

type Prefix = 'impl' | 'obj';

/** A field with its tags spelled out once for the prefix it is written with. */
interface FieldWriter {
  field: Field;
  open: string;
  close: string;
  /** The element a missing value is written as when it is required: nil if nillable, else empty. */
  missing: string;
  empty: string;
  /** Writers of the children of a complex field, built on first use (types refer to each other). */
  children: (() => FieldWriter[]) | undefined;
}

const writersByPrefix: Record<Prefix, WeakMap<Field[], FieldWriter[]>> = { impl: new WeakMap(), obj: new WeakMap() };

function writersOf(fields: Field[], prefix: Prefix): FieldWriter[] {
  let writers = writersByPrefix[prefix].get(fields);
  if (writers) return writers;
  writers = fields.map((field): FieldWriter => {
    const tag = `${prefix}:${field.name}`;
    const children = childFields(field);
    // Local elements of an anonymous type stay in the enclosing namespace (listPointOfSell's
    // pointOfSell is impl); those of a named type are in the obj namespace.
    const childPrefix = field.type.kind === 'inline' ? prefix : 'obj';
    return {
      field,
      open: `<${tag}>`,
      close: `</${tag}>`,
      missing: field.nillable ? `<${tag} xsi:nil="true"/>` : `<${tag}/>`,
      empty: `<${tag}/>`,
      children: children && (() => writersOf(children, childPrefix)),
    };
  });
  writersByPrefix[prefix].set(fields, writers);
  return writers;
}

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>';

/**
 * Serializes `{op}Response` the way Payline does: elements in WSDL sequence order, the element's
 * own children (and the children of its anonymous types) in the impl namespace and everything
 * below in the obj namespace. A missing value is omitted when optional, sent as `xsi:nil="true"`
 * when nillable, and as an empty element otherwise.
 */
export function writeSoapResponse(element: string, value: WireObject): string {
  const fields = implElement(element);
  if (!fields) throw new Error(`No schema for ${element}`);
  return (
    ENVELOPE_OPEN +
    `<impl:${element} xmlns:impl="${IMPL_NS}" xmlns:obj="${OBJ_NS}" xmlns:xsi="${XSI_NS}">` +
    writeFields(writersOf(fields, 'impl'), value) +
    `</impl:${element}></soapenv:Body></soapenv:Envelope>`
  );
}

function writeFields(writers: FieldWriter[], value: WireObject): string {
  let out = '';
  for (const writer of writers) {
    const v = value[writer.field.name];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) {
      if (writer.field.min > 0) out += writer.missing;
    } else if (Array.isArray(v)) {
      const count = Math.min(v.length, writer.field.max);
      for (let i = 0; i < count; i++) out += writeField(writer, v[i]);
    } else {
      out += writeField(writer, v);
    }
  }
  return out;
}

function writeField(writer: FieldWriter, item: WireValue): string {
  if (writer.children && typeof item === 'object' && !Array.isArray(item))
    return writer.open + writeFields(writer.children(), item) + writer.close;
  if (typeof item === 'string' && item !== '') return writer.open + escapeXml(item) + writer.close;
  return writer.empty;
}
