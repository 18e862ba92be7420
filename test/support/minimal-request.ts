import type { Particle, TypeDef, WsdlModel } from './wsdl-model.js';
import { XSD_NS } from './wsdl-model.js';

const IMPL_NS = 'http://impl.ws.payline.experian.com';
const OBJ_NS = 'http://obj.ws.payline.experian.com';
const PREFIX: Record<string, string> = { [IMPL_NS]: 'impl', [OBJ_NS]: 'obj' };

/** A placeholder for a simple value of the given XSD base type. */
function leafValue(base: string, enumeration: string[]): string {
  if (enumeration.length > 0) return enumeration[0]!;
  switch (base.slice(XSD_NS.length + 2)) {
    case 'int':
    case 'integer':
      return '1';
    case 'boolean':
      return 'false';
    case 'dateTime':
      return '2026-11-26T10:00:00Z';
    case 'base64Binary':
      return 'AA==';
    default:
      return 'x';
  }
}

function render(p: Particle, ns: string, model: WsdlModel, values: Record<string, string>, path: string): string {
  const tag = `${PREFIX[ns]}:${p.name}`;
  if (p.nillable && values[path] === undefined) return `<${tag} xsi:nil="true"/>`;
  let type: TypeDef = p.type;
  let childNs = ns;
  if (type.kind === 'named') {
    if (type.qname.startsWith(`{${XSD_NS}}`)) return `<${tag}>${values[path] ?? leafValue(type.qname, [])}</${tag}>`;
    childNs = type.qname.slice(1, type.qname.indexOf('}'));
    const named = model.complexTypes[type.qname];
    if (!named) throw new Error(`unknown type ${type.qname}`);
    type = named;
  }
  if (type.kind === 'simple') return `<${tag}>${values[path] ?? leafValue(type.base, type.enumeration)}</${tag}>`;
  if (type.kind !== 'complex') throw new Error(`unexpected type at ${path}`);
  return `<${tag}>${renderSequence(type.sequence, childNs, model, values, path)}</${tag}>`;
}

function renderSequence(
  particles: Particle[],
  ns: string,
  model: WsdlModel,
  values: Record<string, string>,
  path: string,
): string {
  return particles
    .filter((p) => p.min > 0)
    .map((p) => {
      const at = path ? `${path}.${p.name}` : p.name;
      return Array.from({ length: p.min }, () => render(p, ns, model, values, at)).join('');
    })
    .join('');
}

/**
 * The smallest request a strict client can send for `operation` per the WSDL: every required
 * element (minOccurs ≥ 1) and nothing else, nil when nillable, placeholders for values (`values`
 * by dotted path; `version` is 34).
 */
export function minimalRequest(model: WsdlModel, operation: string, values: Record<string, string> = {}): string {
  const element = model.elements[`{${IMPL_NS}}${operation}Request`];
  if (!element || element.type.kind !== 'complex') throw new Error(`no request element for ${operation}`);
  const body = renderSequence(element.type.sequence, IMPL_NS, model, { version: '34', ...values }, '');
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="${IMPL_NS}" xmlns:obj="${OBJ_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><impl:${operation}Request>${body}</impl:${operation}Request></soapenv:Body></soapenv:Envelope>`;
}
