import type { WireObject, WireValue } from '../../domain/wire-object.js';
import { childFields, IMPL_NS, implElement, type Field } from './schema/fields.js';
import { SoapFault } from './soap-fault.js';
import { parseXmlDocument, XmlSyntaxError, type XmlElement } from './xml-document.js';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';

export interface SoapRequest {
  /** Operation name, e.g. `doWebPayment`. */
  operation: string;
  body: WireObject;
}

const prefixOf = (qname: string) => (qname.includes(':') ? qname.slice(0, qname.indexOf(':')) : '');

/** Namespace declarations of an element on top of the inherited ones. */
function scopeOf(element: XmlElement, inherited: Map<string, string>): Map<string, string> {
  let scope = inherited;
  for (const { name, value } of element.attributes) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (scope === inherited) scope = new Map(inherited);
      scope.set(name === 'xmlns' ? '' : name.slice(6), value);
    }
  }
  return scope;
}

function single(
  parent: XmlElement,
  scope: Map<string, string>,
  ns: string,
  local: string,
  what: string,
): [XmlElement, Map<string, string>] {
  const found = parent.children.filter((child) => child.localName === local);
  if (found.length !== 1)
    throw new SoapFault('Client', `${what}: expected exactly one ${local} element, found ${found.length}`);
  const element = found[0]!;
  const childScope = scopeOf(element, scope);
  if (childScope.get(prefixOf(element.name)) !== ns)
    throw new SoapFault('Client', `${what}: ${local} must be in namespace ${ns}`);
  return [element, childScope];
}

/**
 * Parses a SOAP 1.1 request: rejects DTDs, malformed XML and non-SOAP-1.1 envelopes, resolves the
 * namespaces of Envelope/Body/operation (any prefixes, default namespaces), then reads the operation
 * element against the WSDL schema: `xsi:nil` and empty elements are absent values, repeated
 * elements become lists, unknown elements are ignored.
 */
export function readSoapRequest(xml: string): SoapRequest {
  if (xml.includes('<!') && /<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new SoapFault('Client', 'A SOAP message must not contain a document type declaration (DOCTYPE/ENTITY)');
  if (!/\S/.test(xml)) throw new SoapFault('Client', 'Empty request body: a SOAP envelope is expected');
  let envelope: XmlElement;
  try {
    envelope = parseXmlDocument(xml);
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw new SoapFault('Client', `Malformed XML: ${err.message}`);
    throw err;
  }
  const rootScope = scopeOf(envelope, new Map());
  const rootNs = rootScope.get(prefixOf(envelope.name));
  if (envelope.localName !== 'Envelope')
    throw new SoapFault('Client', `Not a SOAP envelope: root element is ${envelope.localName}`);
  if (rootNs === SOAP12_NS)
    throw new SoapFault(
      'VersionMismatch',
      'SOAP 1.2 envelopes are not supported: use SOAP 1.1 (namespace http://schemas.xmlsoap.org/soap/envelope/)',
    );
  if (rootNs !== SOAP11_NS) throw new SoapFault('VersionMismatch', `Unknown envelope namespace ${rootNs ?? '(none)'}`);

  const [body, bodyScope] = single(envelope, rootScope, SOAP11_NS, 'Body', 'SOAP envelope');
  if (body.children.length !== 1)
    throw new SoapFault(
      'Client',
      `SOAP Body must contain exactly one operation element, found ${body.children.length}`,
    );
  const op = body.children[0]!;
  const element = op.localName;
  if (scopeOf(op, bodyScope).get(prefixOf(op.name)) !== IMPL_NS)
    throw new SoapFault('Client', `Operation element ${element} must be in namespace ${IMPL_NS}`);
  const fields = element.endsWith('Request') ? implElement(element) : undefined;
  if (!fields) throw new SoapFault('Client', `Unknown operation element ${element}`);
  return { operation: element.slice(0, -'Request'.length), body: readObject(op, fields, element) };
}

/** A prefixed `nil` attribute (`xsi:nil`, whatever the prefix) set to true. */
const isNil = (element: XmlElement) =>
  element.attributes.some(
    ({ name, value }) =>
      name.slice(name.indexOf(':') + 1) === 'nil' && name.includes(':') && (value === 'true' || value === '1'),
  );

const fieldPositions = new WeakMap<Field[], Map<string, number>>();

/** Where each field stands in its sequence, by name (names are unique within a sequence). */
function positionsOf(fields: Field[]): Map<string, number> {
  let positions = fieldPositions.get(fields);
  if (!positions) fieldPositions.set(fields, (positions = new Map(fields.map((field, i) => [field.name, i]))));
  return positions;
}

function readObject(element: XmlElement, fields: Field[], path: string): WireObject {
  // The children matching each field, in document order; a child's namespace is not checked.
  const positions = positionsOf(fields);
  const matches: (XmlElement[] | undefined)[] = new Array<undefined>(fields.length);
  for (const child of element.children) {
    const position = positions.get(child.localName);
    if (position === undefined) continue;
    const same = matches[position];
    if (same) same.push(child);
    else matches[position] = [child];
  }
  const out: WireObject = {};
  for (let i = 0; i < fields.length; i++) {
    const found = matches[i];
    if (!found) continue;
    const field = fields[i]!;
    if (found.length > field.max)
      throw new SoapFault(
        'Client',
        `Element ${path}.${field.name} occurs ${found.length} times, at most ${field.max} allowed`,
      );
    if (field.max === 1) {
      out[field.name] = readValue(found[0]!, field, path);
      continue;
    }
    const values: WireValue[] = [];
    for (const match of found) {
      const value = readValue(match, field, path);
      if (value !== undefined) values.push(value);
    }
    out[field.name] = values;
  }
  return out;
}

/** Reads one element of `field`; `parentPath` names the enclosing element, for the faults. */
function readValue(element: XmlElement, field: Field, parentPath: string): WireValue {
  if (isNil(element)) return undefined;
  const children = childFields(field);
  if (!children) {
    if (element.children.length > 0)
      throw new SoapFault('Client', `Element ${parentPath}.${field.name} must contain text, not elements`);
    return element.text;
  }
  // An element with neither attributes nor children is read as text: empty, it is an absent object.
  if (element.children.length === 0 && element.attributes.length === 0) {
    if (element.text === '') return undefined;
    throw new SoapFault('Client', `Element ${parentPath}.${field.name} must contain elements, not text`);
  }
  return readObject(element, children, `${parentPath}.${field.name}`);
}
