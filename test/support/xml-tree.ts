import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * A namespace-aware view of an XML document, built on fast-xml-parser's ordered output. The
 * tests compare namespaces (not prefixes) because SOAP and WSDL tools may pick any prefix.
 */
export interface XmlElement {
  /** Namespace URI, '' for none. */
  ns: string;
  local: string;
  /** Attributes other than xmlns declarations, keyed `local` or `{ns}local` when prefixed. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text content of this element (not of its descendants). */
  text: string;
  /** In-scope prefixes ('' = default namespace), needed to resolve QName-valued attributes. */
  scope: ReadonlyMap<string, string>;
}

export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

type OrderedNode = { [key: string]: OrderedNode[] | Record<string, string> | string };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const split = (qname: string): [string, string] => {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
};

/** Parses a whole document and returns its root element; throws on malformed XML or unbound prefixes. */
export function parseXml(xml: string): XmlElement {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const roots = (parser.parse(xml) as OrderedNode[]).filter((n) => !('#text' in n));
  if (roots.length !== 1) throw new Error(`expected one root element, found ${roots.length}`);
  return build(roots[0]!, new Map([['xml', XML_NS]]));
}

function build(node: OrderedNode, inherited: ReadonlyMap<string, string>): XmlElement {
  const qname = Object.keys(node).find((k) => k !== ':@')!;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  const scope = new Map(inherited);
  for (const [name, value] of Object.entries(rawAttrs)) {
    if (name === 'xmlns') scope.set('', value);
    else if (name.startsWith('xmlns:')) scope.set(name.slice(6), value);
  }
  const [prefix, local] = split(qname);
  const ns = scope.get(prefix);
  if (ns === undefined && prefix !== '') throw new Error(`unbound prefix ${prefix} on ${qname}`);

  const attrs: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawAttrs)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    const [p, l] = split(name);
    // Unprefixed attributes are in no namespace (XML Namespaces §6.3), whatever the default namespace.
    const attrNs = p === '' ? '' : scope.get(p);
    if (attrNs === undefined) throw new Error(`unbound prefix ${p} on attribute ${name}`);
    attrs[attrNs === '' ? l : `{${attrNs}}${l}`] = value;
  }

  const children: XmlElement[] = [];
  let text = '';
  for (const child of node[qname] as OrderedNode[]) {
    if ('#text' in child) text += String(child['#text']);
    else children.push(build(child, scope));
  }
  return { ns: ns ?? '', local, attrs, children, text, scope };
}

/** Resolves a QName-valued attribute (`tns1:payment`, `string`) to Clark notation `{ns}local`. */
export function resolveQName(el: XmlElement, qname: string): string {
  const [prefix, local] = split(qname);
  const ns = el.scope.get(prefix);
  if (ns === undefined) throw new Error(`unbound prefix in QName ${qname}`);
  return `{${ns}}${local}`;
}

export const childrenOf = (el: XmlElement, ns: string, local: string): XmlElement[] =>
  el.children.filter((c) => c.ns === ns && c.local === local);

export function onlyChild(el: XmlElement, ns: string, local: string): XmlElement {
  const found = childrenOf(el, ns, local);
  if (found.length !== 1) throw new Error(`expected one {${ns}}${local} in ${el.local}, found ${found.length}`);
  return found[0]!;
}

export const isNil = (el: XmlElement): boolean => ['true', '1'].includes(el.attrs[`{${XSI_NS}}nil`] ?? '');
