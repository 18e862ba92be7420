import { parseXml, resolveQName, type XmlElement } from './xml-tree.js';

/**
 * A canonical, wire-level model of a Payline-style WSDL (document/literal, one inline XSD per
 * namespace): everything a SOAP toolkit derives messages from, nothing it ignores (annotations,
 * prefixes, attribute order, defaulted attributes). Two WSDLs with equal models produce and accept
 * the same envelopes. Anything the model does not know how to read throws, so a construct added to
 * a future WSDL cannot be silently ignored by the comparison.
 */
export interface WsdlModel {
  targetNamespace: string;
  schemas: Record<string, { elementFormDefault: string; attributeFormDefault: string; imports: string[] }>;
  /** Top-level elements, keyed `{ns}name`. */
  elements: Record<string, Particle>;
  /** Named complex types, keyed `{ns}name`. */
  complexTypes: Record<string, TypeDef>;
  messages: Record<string, { name: string; element: string }[]>;
  portTypes: Record<string, Record<string, { input: IoRef; output: IoRef }>>;
  bindings: Record<string, Binding>;
  services: Record<string, Record<string, { binding: string; address: string }>>;
}

export interface Particle {
  name: string;
  min: number;
  /** Infinity for unbounded. */
  max: number;
  nillable: boolean;
  /** default / fixed / form and any other schema attribute, as written. */
  other: Record<string, string>;
  type: TypeDef;
}

export type TypeDef =
  | { kind: 'named'; qname: string }
  | { kind: 'complex'; sequence: Particle[]; attributes: Attribute[] }
  | { kind: 'simple'; base: string; enumeration: string[]; facets: Record<string, string> };

export interface Attribute {
  name: string;
  type: string;
  use: string;
  other: Record<string, string>;
}

export interface IoRef {
  name: string;
  message: string;
}

export interface Binding {
  type: string;
  style: string;
  transport: string;
  operations: Record<string, { soapAction: string; style: string | undefined; input: string[]; output: string[] }>;
}

export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
const SOAP_BINDING_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';

const kids = (el: XmlElement, ns: string, local?: string) =>
  el.children.filter(
    (c) =>
      c.ns === ns &&
      (local === undefined || c.local === local) &&
      c.local !== 'annotation' &&
      c.local !== 'documentation',
  );

function occurs(v: string | undefined): number {
  if (v === undefined) return 1;
  if (v === 'unbounded') return Infinity;
  // Number() alone would accept "Infinity", " 1" or "0x1", none of which is an xsd occurrence.
  if (!/^\d+$/.test(v)) throw new Error(`wsdl-model: invalid occurrence ${JSON.stringify(v)}`);
  return Number(v);
}
// 0 × unbounded must stay 0 (JS gives NaN).
const times = (a: number, b: number) => (a === 0 || b === 0 ? 0 : a * b);

/**
 * Schema attributes other than `known`. Attributes in a foreign namespace (4.77 has
 * `wsdl:required="true"` on two elements) are dropped: XSD allows them on any component and gives
 * them no meaning (XSD 1.0 §3.1.3), so no toolkit derives wire behaviour from them.
 */
function without(attrs: Record<string, string>, known: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(attrs).filter(([k]) => !known.includes(k) && !k.startsWith('{')));
}

function unexpected(el: XmlElement, where: string): never {
  throw new Error(`wsdl-model: unsupported <${el.local}> in ${where}`);
}

function readElement(el: XmlElement, where: string): Particle {
  const name = el.attrs.name ?? unexpected(el, `${where} (element without name)`);
  const path = `${where}.${name}`;
  let type: TypeDef;
  const inner = kids(el, XSD_NS);
  if (el.attrs.type !== undefined) {
    if (inner.length > 0) unexpected(inner[0]!, path);
    type = { kind: 'named', qname: resolveQName(el, el.attrs.type) };
  } else if (inner.length === 0) {
    type = { kind: 'named', qname: `{${XSD_NS}}anyType` }; // XSD default for an untyped element
  } else if (inner.length === 1 && inner[0]!.local === 'complexType') {
    type = readComplexType(inner[0]!, path);
  } else if (inner.length === 1 && inner[0]!.local === 'simpleType') {
    type = readSimpleType(inner[0]!, path);
  } else {
    unexpected(inner[0]!, path);
  }
  return {
    name,
    min: occurs(el.attrs.minOccurs),
    max: occurs(el.attrs.maxOccurs),
    nillable: el.attrs.nillable === 'true' || el.attrs.nillable === '1',
    other: without(el.attrs, ['name', 'type', 'minOccurs', 'maxOccurs', 'nillable']),
    type,
  };
}

function readSimpleType(st: XmlElement, where: string): TypeDef {
  const [restriction, ...rest] = kids(st, XSD_NS);
  if (!restriction || rest.length > 0 || restriction.local !== 'restriction') unexpected(restriction ?? st, where);
  const enumeration: string[] = [];
  const facets: Record<string, string> = {};
  for (const facet of kids(restriction, XSD_NS)) {
    if (facet.local === 'enumeration') enumeration.push(facet.attrs.value ?? '');
    else facets[facet.local] = facet.attrs.value ?? '';
  }
  return { kind: 'simple', base: resolveQName(restriction, restriction.attrs.base ?? ''), enumeration, facets };
}

function readComplexType(ct: XmlElement, where: string): TypeDef {
  const sequence: Particle[] = [];
  const attributes: Attribute[] = [];
  for (const c of kids(ct, XSD_NS)) {
    if (c.local === 'sequence') {
      // A repeated or optional outer sequence changes what is accepted; 4.77 has none, so refuse it.
      if (occurs(c.attrs.minOccurs) !== 1 || occurs(c.attrs.maxOccurs) !== 1)
        unexpected(c, `${where} (sequence with occurrences)`);
      sequence.push(...readSequence(c, where));
    } else if (c.local === 'attribute') attributes.push(readAttribute(c));
    else unexpected(c, where);
  }
  return { kind: 'complex', sequence, attributes };
}

/**
 * A nested `<sequence minOccurs=a maxOccurs=b>` around one element (min c ≤ 1, max d) accepts
 * exactly the documents that element with occurrences [a·c, b·d] accepts, so it is canonicalised to
 * that: WSDL 4.77 uses one (virtualTerminalFunction.functionParameter).
 */
function readSequence(seq: XmlElement, where: string): Particle[] {
  const out: Particle[] = [];
  for (const c of kids(seq, XSD_NS)) {
    if (c.local === 'element') out.push(readElement(c, where));
    else if (c.local === 'sequence') {
      const inner = readSequence(c, where);
      if (inner.length !== 1 || inner[0]!.min > 1)
        unexpected(c, `${where} (nested sequence not reducible to one element)`);
      const only = inner[0]!;
      out.push({
        ...only,
        min: times(occurs(c.attrs.minOccurs), only.min),
        max: times(occurs(c.attrs.maxOccurs), only.max),
      });
    } else unexpected(c, where);
  }
  return out;
}

function readAttribute(a: XmlElement): Attribute {
  const simple = kids(a, XSD_NS, 'simpleType')[0];
  return {
    name: a.attrs.name ?? '',
    // An attribute without a type is xsd:anySimpleType (XSD 1.0 §3.2.2).
    type:
      a.attrs.type !== undefined
        ? resolveQName(a, a.attrs.type)
        : simple
          ? JSON.stringify(readSimpleType(simple, 'attribute'))
          : `{${XSD_NS}}anySimpleType`,
    use: a.attrs.use ?? 'optional',
    other: without(a.attrs, ['name', 'type', 'use']),
  };
}

function readSchemas(types: XmlElement, model: WsdlModel): void {
  for (const schema of kids(types, XSD_NS, 'schema')) {
    const tns = schema.attrs.targetNamespace ?? '';
    model.schemas[tns] = {
      elementFormDefault: schema.attrs.elementFormDefault ?? 'unqualified',
      attributeFormDefault: schema.attrs.attributeFormDefault ?? 'unqualified',
      imports: kids(schema, XSD_NS, 'import').map((i) => i.attrs.namespace ?? ''),
    };
    for (const c of kids(schema, XSD_NS)) {
      if (c.local === 'element') model.elements[`{${tns}}${c.attrs.name}`] = readElement(c, `{${tns}}`);
      else if (c.local === 'complexType')
        model.complexTypes[`{${tns}}${c.attrs.name}`] = readComplexType(c, `{${tns}}${c.attrs.name}`);
      else if (c.local !== 'import') unexpected(c, `schema ${tns}`);
    }
  }
}

function readBinding(b: XmlElement): Binding {
  const soap = kids(b, SOAP_BINDING_NS, 'binding')[0];
  // Extension elements of wsdl:input/output (soap:body, soap:header…) with their attributes, order-free.
  const body = (io: XmlElement | undefined) =>
    (io?.children ?? [])
      .map(
        (c) =>
          `{${c.ns}}${c.local} ${Object.entries(c.attrs)
            .sort()
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`,
      )
      .sort();
  const operations: Binding['operations'] = {};
  for (const op of kids(b, WSDL_NS, 'operation')) {
    const soapOp = kids(op, SOAP_BINDING_NS, 'operation')[0];
    operations[op.attrs.name ?? ''] = {
      soapAction: soapOp?.attrs.soapAction ?? '',
      style: soapOp?.attrs.style,
      input: body(kids(op, WSDL_NS, 'input')[0]),
      output: body(kids(op, WSDL_NS, 'output')[0]),
    };
  }
  return {
    type: resolveQName(b, b.attrs.type ?? ''),
    style: soap?.attrs.style ?? 'document',
    transport: soap?.attrs.transport ?? '',
    operations,
  };
}

export function readWsdl(xml: string): WsdlModel {
  const defs = parseXml(xml);
  if (defs.ns !== WSDL_NS || defs.local !== 'definitions') throw new Error('not a WSDL 1.1 document');
  const tns = defs.attrs.targetNamespace ?? '';
  const model: WsdlModel = {
    targetNamespace: tns,
    schemas: {},
    elements: {},
    complexTypes: {},
    messages: {},
    portTypes: {},
    bindings: {},
    services: {},
  };
  for (const types of kids(defs, WSDL_NS, 'types')) readSchemas(types, model);
  for (const m of kids(defs, WSDL_NS, 'message')) {
    model.messages[m.attrs.name ?? ''] = kids(m, WSDL_NS, 'part').map((p) => ({
      name: p.attrs.name ?? '',
      element: resolveQName(p, p.attrs.element ?? ''),
    }));
  }
  for (const pt of kids(defs, WSDL_NS, 'portType')) {
    const ops: WsdlModel['portTypes'][string] = {};
    for (const op of kids(pt, WSDL_NS, 'operation')) {
      // WSDL 1.1 §2.4.5: an unnamed input/output of a request-response operation is named
      // <operation>Request / <operation>Response (4.77 leaves getToken and getAlertDetails unnamed).
      const io = (dir: 'input' | 'output'): IoRef => {
        const e = kids(op, WSDL_NS, dir)[0];
        const name = e?.attrs.name ?? `${op.attrs.name}${dir === 'input' ? 'Request' : 'Response'}`;
        return { name, message: e ? resolveQName(e, e.attrs.message ?? '') : '' };
      };
      ops[op.attrs.name ?? ''] = { input: io('input'), output: io('output') };
    }
    model.portTypes[pt.attrs.name ?? ''] = ops;
  }
  for (const b of kids(defs, WSDL_NS, 'binding')) model.bindings[b.attrs.name ?? ''] = readBinding(b);
  for (const s of kids(defs, WSDL_NS, 'service')) {
    const ports: WsdlModel['services'][string] = {};
    for (const p of kids(s, WSDL_NS, 'port')) {
      ports[p.attrs.name ?? ''] = {
        binding: resolveQName(p, p.attrs.binding ?? ''),
        address: kids(p, SOAP_BINDING_NS, 'address')[0]?.attrs.location ?? '',
      };
    }
    model.services[s.attrs.name ?? ''] = ports;
  }
  return model;
}

/**
 * Every path where two JSON-like values differ, e.g. `complexTypes.{…}payment.sequence[3].name: ours "x", reference
 * "y"`.
 */
export function differences(ours: unknown, ref: unknown, path = ''): string[] {
  if (Object.is(ours, ref)) return [];
  const show = (v: unknown) => (v === undefined ? 'absent' : v === Infinity ? 'unbounded' : JSON.stringify(v));
  if (
    typeof ours !== 'object' ||
    typeof ref !== 'object' ||
    ours === null ||
    ref === null ||
    Array.isArray(ours) !== Array.isArray(ref)
  ) {
    return [`${path}: ours ${show(ours)}, reference ${show(ref)}`];
  }
  const o = ours as Record<string, unknown>;
  const r = ref as Record<string, unknown>;
  const keys = Array.isArray(ours)
    ? [...Array(Math.max((ours as unknown[]).length, (ref as unknown[]).length)).keys()].map(String)
    : [...new Set([...Object.keys(o), ...Object.keys(r)])];
  return keys.flatMap((k) => {
    // Name sequence entries in the path so a report reads `sequence[3](cardBrand)`.
    const label = Array.isArray(ours) ? `[${k}]${describe(r[k] ?? o[k])}` : path === '' ? k : `.${k}`;
    return differences(o[k], r[k], `${path}${label}`);
  });
}

const describe = (v: unknown) =>
  v && typeof v === 'object' && 'name' in v ? `(${String((v as { name: unknown }).name)})` : '';
