import type { WireObject, WireValue } from '../../domain/wire-object.js';
import { childFields, IMPL_NS, implElement, OBJ_NS, type Field } from './schema/fields.js';

const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

// Characters XML 1.0 cannot carry at all; they are dropped rather than breaking the envelope.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, '')
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/**
 * Serializes `{op}Response` the way Payline does: elements in WSDL sequence order, the element's
 * own children (and the children of its anonymous types) in the impl namespace and everything
 * below in the obj namespace. A missing value is omitted when optional, sent as `xsi:nil="true"`
 * when nillable, and as an empty element otherwise.
 */
export function writeSoapResponse(element: string, value: WireObject): string {
  const fields = implElement(element);
  if (!fields) throw new Error(`No schema for ${element}`);
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>',
    `<impl:${element} xmlns:impl="${IMPL_NS}" xmlns:obj="${OBJ_NS}" xmlns:xsi="${XSI_NS}">`,
  ];
  writeFields(parts, fields, value, 'impl');
  parts.push(`</impl:${element}></soapenv:Body></soapenv:Envelope>`);
  return parts.join('');
}

function writeFields(out: string[], fields: Field[], value: WireObject, prefix: 'impl' | 'obj'): void {
  for (const field of fields) {
    const v = value[field.name];
    const items = Array.isArray(v) ? v : v === undefined ? [] : [v];
    if (items.length === 0) {
      if (field.min === 0) continue;
      out.push(field.nillable ? `<${prefix}:${field.name} xsi:nil="true"/>` : `<${prefix}:${field.name}/>`);
      continue;
    }
    for (const item of items.slice(0, field.max)) writeField(out, field, item, prefix);
  }
}

function writeField(out: string[], field: Field, item: WireValue, prefix: 'impl' | 'obj'): void {
  const tag = `${prefix}:${field.name}`;
  const children = childFields(field);
  if (children && typeof item === 'object' && !Array.isArray(item)) {
    out.push(`<${tag}>`);
    // Local elements of an anonymous type stay in the enclosing namespace (listPointOfSell's
    // pointOfSell is impl); those of a named type are in the obj namespace.
    writeFields(out, children, item, field.type.kind === 'inline' ? prefix : 'obj');
    out.push(`</${tag}>`);
  } else if (typeof item === 'string' && item !== '') {
    out.push(`<${tag}>${escapeXml(item)}</${tag}>`);
  } else {
    out.push(`<${tag}/>`);
  }
}
