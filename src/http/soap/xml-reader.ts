import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { WireObject, WireValue } from '../../domain/wire-object.js';
import { childFields, IMPL_NS, implElement, type Field } from './schema/fields.js';
import { SoapFault } from './soap-fault.js';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';

type XmlNode = { [key: string]: XmlNode | XmlNode[] | string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Only the five predefined entities and character references: a DOCTYPE never gets this far.
  processEntities: true,
  htmlEntities: true,
});

export interface SoapRequest {
  /** Operation name, e.g. `doWebPayment`. */
  operation: string;
  body: WireObject;
}

const localName = (qname: string) => qname.slice(qname.indexOf(':') + 1);
const prefixOf = (qname: string) => (qname.includes(':') ? qname.slice(0, qname.indexOf(':')) : '');

/** Namespace declarations of a node on top of the inherited ones. */
function scopeOf(node: XmlNode | string, inherited: Map<string, string>): Map<string, string> {
  if (typeof node !== 'object') return inherited;
  let scope = inherited;
  for (const [key, value] of Object.entries(node)) {
    if (key === '@xmlns' || key.startsWith('@xmlns:')) {
      if (scope === inherited) scope = new Map(inherited);
      scope.set(key === '@xmlns' ? '' : key.slice(7), String(value));
    }
  }
  return scope;
}

function elementChildren(node: XmlNode | string): [string, XmlNode | string][] {
  if (typeof node !== 'object') return [];
  const out: [string, XmlNode | string][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@') || key === '#text') continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push([key, v]);
  }
  return out;
}

function single(
  parent: XmlNode | string,
  scope: Map<string, string>,
  ns: string,
  local: string,
  what: string,
): [XmlNode | string, Map<string, string>] {
  const found = elementChildren(parent).filter(([k]) => localName(k) === local);
  if (found.length !== 1)
    throw new SoapFault('Client', `${what}: expected exactly one ${local} element, found ${found.length}`);
  const [key, node] = found[0]!;
  const childScope = scopeOf(node, scope);
  if (childScope.get(prefixOf(key)) !== ns)
    throw new SoapFault('Client', `${what}: ${local} must be in namespace ${ns}`);
  return [node, childScope];
}

/**
 * Parses a SOAP 1.1 request: rejects DTDs, malformed XML and non-SOAP-1.1 envelopes, resolves the
 * namespaces of Envelope/Body/operation (any prefixes, default namespaces), then reads the operation
 * element against the WSDL schema: `xsi:nil` and empty elements are absent values, repeated
 * elements become lists, unknown elements are ignored.
 */
export function readSoapRequest(xml: string): SoapRequest {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new SoapFault('Client', 'A SOAP message must not contain a document type declaration (DOCTYPE/ENTITY)');
  if (xml.trim() === '') throw new SoapFault('Client', 'Empty request body: a SOAP envelope is expected');
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new SoapFault('Client', `Malformed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);

  let doc: XmlNode;
  try {
    doc = parser.parse(xml) as XmlNode;
  } catch (err) {
    throw new SoapFault('Client', `Malformed XML: ${(err as Error).message}`);
  }
  const roots = elementChildren(doc);
  if (roots.length !== 1) throw new SoapFault('Client', 'Malformed XML: expected a single root element');
  const [rootName, envelope] = roots[0]!;
  const rootScope = scopeOf(envelope, new Map());
  const rootNs = rootScope.get(prefixOf(rootName));
  if (localName(rootName) !== 'Envelope')
    throw new SoapFault('Client', `Not a SOAP envelope: root element is ${localName(rootName)}`);
  if (rootNs === SOAP12_NS)
    throw new SoapFault(
      'VersionMismatch',
      'SOAP 1.2 envelopes are not supported: use SOAP 1.1 (namespace http://schemas.xmlsoap.org/soap/envelope/)',
    );
  if (rootNs !== SOAP11_NS) throw new SoapFault('VersionMismatch', `Unknown envelope namespace ${rootNs ?? '(none)'}`);

  const [body, bodyScope] = single(envelope, rootScope, SOAP11_NS, 'Body', 'SOAP envelope');
  const ops = elementChildren(body);
  if (ops.length !== 1)
    throw new SoapFault('Client', `SOAP Body must contain exactly one operation element, found ${ops.length}`);
  const [opName, opNode] = ops[0]!;
  const opScope = scopeOf(opNode, bodyScope);
  const element = localName(opName);
  if (opScope.get(prefixOf(opName)) !== IMPL_NS)
    throw new SoapFault('Client', `Operation element ${element} must be in namespace ${IMPL_NS}`);
  const fields = element.endsWith('Request') ? implElement(element) : undefined;
  if (!fields) throw new SoapFault('Client', `Unknown operation element ${element}`);
  return { operation: element.slice(0, -'Request'.length), body: readObject(opNode, fields, element) };
}

function isNil(node: XmlNode | string): boolean {
  if (typeof node !== 'object') return false;
  return Object.entries(node).some(
    ([k, v]) => k.startsWith('@') && localName(k) === 'nil' && (v === 'true' || v === '1'),
  );
}

function readObject(node: XmlNode | string, fields: Field[], path: string): WireObject {
  const children = elementChildren(node);
  const out: WireObject = {};
  for (const field of fields) {
    const matches = children.filter(([k]) => localName(k) === field.name).map(([, v]) => v);
    if (matches.length === 0) continue;
    if (matches.length > field.max)
      throw new SoapFault(
        'Client',
        `Element ${path}.${field.name} occurs ${matches.length} times, at most ${field.max} allowed`,
      );
    const values = matches.map((m) => readValue(m, field, `${path}.${field.name}`)).filter((v) => v !== undefined);
    out[field.name] = field.max > 1 ? values : values[0];
  }
  return out;
}

function readValue(node: XmlNode | string, field: Field, path: string): WireValue {
  if (isNil(node)) return undefined;
  const children = childFields(field);
  if (!children) {
    if (typeof node === 'string') return node;
    if (elementChildren(node).length > 0)
      throw new SoapFault('Client', `Element ${path} must contain text, not elements`);
    const text = node['#text'];
    return typeof text === 'string' ? text : '';
  }
  if (typeof node === 'string') {
    if (node === '') return undefined;
    throw new SoapFault('Client', `Element ${path} must contain elements, not text`);
  }
  return readObject(node, children, path);
}
