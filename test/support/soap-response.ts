import type { Particle, TypeDef, WsdlModel } from './wsdl-model.js';
import { XSD_NS } from './wsdl-model.js';
import { isNil, onlyChild, parseXml, type XmlElement } from './xml-tree.js';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const IMPL_NS = 'http://impl.ws.payline.experian.com';
export const OBJ_NS = 'http://obj.ws.payline.experian.com';

export interface ParsedResponse {
  /** The `{op}Response` element. */
  element: XmlElement;
  result: { code: string; shortMessage: string; longMessage: string };
}

/**
 * Reads a SOAP 1.1 answer the way a strict client does — by namespace, not by prefix — and
 * throws unless it is a well-formed envelope whose Body holds exactly `{operation}Response` in the
 * impl namespace (never a Fault) with an obj-namespaced result.
 */
export function readOperationResponse(xml: string, operation: string): ParsedResponse {
  const envelope = parseXml(xml);
  if (envelope.ns !== SOAP11_NS || envelope.local !== 'Envelope')
    throw new Error(`root is {${envelope.ns}}${envelope.local}, not a SOAP 1.1 Envelope`);
  const body = onlyChild(envelope, SOAP11_NS, 'Body');
  if (body.children.length !== 1) throw new Error(`Body holds ${body.children.length} elements`);
  const element = body.children[0]!;
  if (element.ns !== IMPL_NS || element.local !== `${operation}Response`) {
    throw new Error(`Body holds {${element.ns}}${element.local}, expected {${IMPL_NS}}${operation}Response`);
  }
  const result = onlyChild(element, IMPL_NS, 'result');
  const text = (name: string) => onlyChild(result, OBJ_NS, name).text;
  return {
    element,
    result: { code: text('code'), shortMessage: text('shortMessage'), longMessage: text('longMessage') },
  };
}

/** Text of a direct child (by namespace and local name), '' when empty, undefined when absent. */
export function childText(el: XmlElement, ns: string, local: string): string | undefined {
  return el.children.find((c) => c.ns === ns && c.local === local)?.text;
}

/**
 * Where `el` departs from the schema `particles` (declared in namespace `ns`): unknown, misplaced
 * or wrongly namespaced children, too many or too few occurrences, xsi:nil on a non-nillable
 * element, elements inside simple content, values outside an enumeration. Descends into complex
 * children through the model's named types.
 *
 * An element left empty is not descended into: the codec writes a required object it has nothing
 * for as an empty element (Payline's own error answers leave such objects out altogether), and
 * clients read both as "no value".
 */
export function schemaViolations(
  el: XmlElement,
  particles: Particle[],
  ns: string,
  model: WsdlModel,
  path: string,
): string[] {
  const errors: string[] = [];
  const kids = el.children;
  let i = 0;
  for (const p of particles) {
    let n = 0;
    for (; i < kids.length && kids[i]!.ns === ns && kids[i]!.local === p.name; i++, n++) {
      errors.push(...valueViolations(kids[i]!, p, ns, model, `${path}.${p.name}`));
    }
    if (n > p.max) errors.push(`${path}.${p.name}: ${n} occurrences, at most ${p.max}`);
    if (n < p.min) errors.push(`${path}.${p.name}: missing (minOccurs ${p.min})`);
  }
  if (i < kids.length)
    errors.push(
      `${path}: unexpected {${kids[i]!.ns}}${kids[i]!.local} (unknown, out of order or in the wrong namespace)`,
    );
  return errors;
}

function valueViolations(el: XmlElement, p: Particle, ns: string, model: WsdlModel, path: string): string[] {
  if (isNil(el)) {
    if (!p.nillable) return [`${path}: xsi:nil on a non-nillable element`];
    return el.children.length > 0 || el.text !== '' ? [`${path}: xsi:nil element with content`] : [];
  }
  const type = resolveType(p.type, model);
  if (type.kind === 'complex') {
    // Local elements of a named type live in that type's namespace, of an anonymous one in the enclosing one.
    const childNs = p.type.kind === 'named' ? namespaceOf(p.type.qname) : ns;
    return el.children.length === 0 ? [] : schemaViolations(el, type.sequence, childNs, model, path);
  }
  if (el.children.length > 0) return [`${path}: elements inside a simple value`];
  if (type.kind === 'simple' && type.enumeration.length > 0 && !type.enumeration.includes(el.text))
    return [`${path}: ${el.text} not in the enumeration`];
  return [];
}

const namespaceOf = (qname: string) => qname.slice(1, qname.indexOf('}'));

function resolveType(type: TypeDef, model: WsdlModel): TypeDef {
  if (type.kind !== 'named' || type.qname.startsWith(`{${XSD_NS}}`)) return type;
  const named = model.complexTypes[type.qname];
  if (!named) throw new Error(`type ${type.qname} not in the WSDL`);
  return named;
}

/** The sequence of the impl element `{name}` in the model. */
export function implSequence(model: WsdlModel, name: string): Particle[] {
  const el = model.elements[`{${IMPL_NS}}${name}`];
  if (!el || el.type.kind !== 'complex') throw new Error(`no impl element ${name}`);
  return el.type.sequence;
}
