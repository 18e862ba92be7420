/**
 * Regenerates src/http/soap/schema/payline-schema.ts from the Payline 4.77 WSDL kept in
 * ../shared/reference (read at development time only; the WSDL itself never enters the repo).
 * The output is a compact description of every element's sequence: the SOAP codec orders,
 * namespaces and parses messages with it, and src/http/soap/wsdl.ts renders our own WSDL from it.
 * test/http/wsdl-compat.test.ts checks that the rendered WSDL is wire-equivalent to the original.
 *
 *   node --import tsx scripts/gen-soap-schema.ts ../shared/reference/payline/WebPaymentAPI.wsdl
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';

/** An element of the WSDL with its children in document order (sequence order matters). */
interface El {
  local: string;
  attrs: Record<string, string>;
  children: El[];
}
type OrderedNode = Record<string, unknown>;

const source = process.argv[2] ?? '../shared/reference/payline/WebPaymentAPI.wsdl';
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  ignoreDeclaration: true,
});
// Documentation carries no wire meaning.
const SKIPPED = new Set(['annotation', 'documentation']);

function toEl(node: OrderedNode): El {
  const tag = Object.keys(node).find((k) => k !== ':@')!;
  const children = (node[tag] as OrderedNode[])
    .filter((c) => !('#text' in c))
    .map(toEl)
    .filter((c) => !SKIPPED.has(c.local));
  return { local: tag.slice(tag.indexOf(':') + 1), attrs: (node[':@'] ?? {}) as Record<string, string>, children };
}

const roots = (parser.parse(readFileSync(source, 'utf8')) as OrderedNode[]).filter((n) => !('#text' in n));
const defs = toEl(roots[0]!);
const kids = (el: El, local: string) => el.children.filter((c) => c.local === local);

function fail(el: El, where: string): never {
  throw new Error(`${where}: <${el.local}> is not supported by the schema notation; extend it rather than drop it`);
}

/** xsd:string / string (the schemas' default namespace is XSD) → `string`; tns1:payment → `obj:payment`. */
function typeName(qname: string, where: string): string {
  const [prefix, local] = qname.includes(':') ? qname.split(':', 2) : ['', qname];
  if (prefix === 'tns1') return `obj:${local}`;
  if (prefix === 'xsd' || prefix === '') return local!;
  throw new Error(`${where}: unknown type prefix in ${qname}`);
}

const ELEMENT_ATTRS = new Set(['name', 'type', 'minOccurs', 'maxOccurs', 'nillable', 'default']);

function describeElement(el: El, where: string): string {
  const name = el.attrs.name!;
  for (const a of Object.keys(el.attrs)) {
    // Prefixed attributes (4.77 has wsdl:required) are foreign to XSD and have no wire meaning.
    if (!ELEMENT_ATTRS.has(a) && !a.includes(':')) throw new Error(`${where}.${name}: unsupported attribute ${a}`);
  }
  const min = el.attrs.minOccurs ?? '1';
  const max = el.attrs.maxOccurs ?? '1';
  const [inner, ...more] = el.children;
  if (more.length > 0) fail(more[0]!, `${where}.${name}`);
  let type: string;
  if (el.attrs.type) {
    if (inner) fail(inner, `${where}.${name}`);
    type = typeName(el.attrs.type, `${where}.${name}`);
  } else if (!inner) type = 'anyType';
  else if (inner.local === 'complexType') type = `{${describeComplexType(inner, `${where}.${name}`, true).join(',')}}`;
  else if (inner.local === 'simpleType') type = describeSimpleType(inner, `${where}.${name}`);
  else fail(inner, `${where}.${name}`);
  const occurs = min === '1' && max === '1' ? '' : `[${min}..${max}]`;
  const dflt = el.attrs.default !== undefined ? `=${JSON.stringify(el.attrs.default)}` : '';
  return `${name}${occurs}${el.attrs.nillable === 'true' ? '~' : ''}${dflt}:${type}`;
}

function describeSimpleType(st: El, where: string): string {
  const [r, ...more] = st.children;
  if (!r || r.local !== 'restriction' || more.length > 0) fail(r ?? st, where);
  const enumeration = kids(r, 'enumeration').map((e) => e.attrs.value);
  const facets = r.children.filter((c) => c.local !== 'enumeration').map((f) => `${f.local}=${f.attrs.value}`);
  return `${typeName(r.attrs.base!, where)}${enumeration.length ? `(${enumeration.join('|')})` : ''}${facets.length ? `[${facets.join(',')}]` : ''}`;
}

/** Entries of a complex type; attributes (`@name`) are only representable on anonymous types. */
function describeComplexType(ct: El, where: string, anonymous: boolean): string[] {
  const out: string[] = [];
  for (const c of ct.children) {
    if (c.local === 'sequence') out.push(...describeSequence(c, where));
    else if (
      c.local === 'attribute' &&
      anonymous &&
      Object.keys(c.attrs).every((a) => a === 'name' || a === 'type') &&
      c.children.length === 0
    ) {
      out.push(`@${c.attrs.name}${c.attrs.type ? `:${typeName(c.attrs.type, where)}` : ''}`);
    } else fail(c, where);
  }
  return out;
}

/**
 * A nested `<sequence minOccurs=a maxOccurs=b>` holding one element (min c ≤ 1, max d) accepts the
 * same documents as that element with occurrences [a·c, b·d], which is what the codec needs;
 * 4.77 uses one (virtualTerminalFunction.functionParameter).
 */
function describeSequence(seq: El, where: string): string[] {
  const out: string[] = [];
  for (const c of seq.children) {
    if (c.local === 'element') out.push(describeElement(c, where));
    else if (c.local === 'sequence') {
      const inner = c.children;
      if (inner.length !== 1 || inner[0]!.local !== 'element' || Number(inner[0]!.attrs.minOccurs ?? '1') > 1)
        fail(c, `${where} (nested sequence)`);
      const el = inner[0]!;
      const times = (a: string, b: string) =>
        a === '0' || b === '0'
          ? '0'
          : a === 'unbounded' || b === 'unbounded'
            ? 'unbounded'
            : String(Number(a) * Number(b));
      const attrs = {
        ...el.attrs,
        minOccurs: times(c.attrs.minOccurs ?? '1', el.attrs.minOccurs ?? '1'),
        maxOccurs: times(c.attrs.maxOccurs ?? '1', el.attrs.maxOccurs ?? '1'),
      };
      out.push(describeElement({ ...el, attrs }, where));
    } else fail(c, where);
  }
  return out;
}

const impl: Record<string, string[]> = {};
const obj: Record<string, string[]> = {};
for (const s of kids(kids(defs, 'types')[0]!, 'schema')) {
  const ns = s.attrs.targetNamespace;
  for (const c of s.children) {
    if (c.local === 'import') continue;
    const name = c.attrs.name!;
    if (ns === 'http://impl.ws.payline.experian.com' && c.local === 'element') {
      const ct = c.children[0];
      if (!ct || ct.local !== 'complexType' || c.children.length > 1) fail(ct ?? c, name);
      impl[name] = describeComplexType(ct, name, false);
    } else if (ns === 'http://obj.ws.payline.experian.com' && c.local === 'complexType') {
      obj[name] = describeComplexType(c, name, false);
    } else fail(c, `schema ${ns}`);
  }
}

const services: Record<string, string[]> = {};
for (const pt of kids(defs, 'portType')) services[pt.attrs.name!] = kids(pt, 'operation').map((o) => o.attrs.name!);

const lines = (rec: Record<string, string[]>) =>
  Object.entries(rec)
    .map(([k, v]) => `  ${k}: ${JSON.stringify(v.join(', '))},`)
    .join('\n');

writeFileSync(
  'src/http/soap/schema/payline-schema.ts',
  `// Generated by scripts/gen-soap-schema.ts from the Payline WSDL 4.77 (WS version 34). Do not edit.
// Field notation: name[min..max]~="default":type — "~" nillable, "obj:" a type of the obj namespace,
// "{…}" an anonymous type ("@id" an attribute of it), "string(a|b)" an enumeration, "string[length=4]" facets.

/** Request/response elements of http://impl.ws.payline.experian.com */
export const IMPL_ELEMENTS: Record<string, string> = {
${lines(impl)}
};

/** Complex types of http://obj.ws.payline.experian.com */
export const OBJ_TYPES: Record<string, string> = {
${lines(obj)}
};

/** Operations of each portType, in WSDL order. */
export const SERVICES = ${JSON.stringify(services, null, 2)} as const;
`,
);
console.log(
  `impl elements: ${Object.keys(impl).length}, obj types: ${Object.keys(obj).length}, services: ${Object.keys(services).join(' ')}`,
);
