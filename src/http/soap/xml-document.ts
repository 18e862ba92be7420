/**
 * A SOAP request's XML as the element tree the SOAP reader walks, from saxes (a strict, non-validating XML 1.0
 * parser): the document must be well-formed, only XML's five entities and character references are decoded, and a
 * DOCTYPE is refused (the reader refuses it before this too). Namespaces are left to the reader, which resolves them
 * from the `xmlns` attributes. The tree is built during saxes' one pass over the text, with no other tree between.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export interface XmlAttribute {
  /** Qualified name as written, e.g. `xsi:nil` or `xmlns:impl`. */
  name: string;
  value: string;
}

export interface XmlElement {
  /** Qualified name as written, e.g. `impl:doWebPaymentRequest`. */
  name: string;
  localName: string;
  /** In document order, namespace declarations included. */
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** Character data directly inside the element: each run trimmed, entities decoded; CDATA kept as written. */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** Deeper nesting is refused: no Payline message comes near it, and it bounds the work of a hostile one. */
export const MAX_DEPTH = 100;

/** saxes says `line:column: what.`; the SOAP fault says `what (line L, column C)`. */
function syntaxError(err: Error): XmlSyntaxError {
  const m = /^(\d+):(\d+): (.*?)\.?$/s.exec(err.message);
  return new XmlSyntaxError(m ? `${m[3]} (line ${m[1]}, column ${m[2]})` : err.message);
}

function elementOf(tag: SaxesTagPlain): XmlElement {
  const colon = tag.name.indexOf(':');
  return {
    name: tag.name,
    localName: colon === -1 ? tag.name : tag.name.slice(colon + 1),
    attributes: Object.entries(tag.attributes).map(([name, value]) => ({ name, value })),
    children: [],
    text: '',
  };
}

/** Parses a whole document and returns its root element; throws XmlSyntaxError if it is not well-formed. */
export function parseXmlDocument(xml: string): XmlElement {
  const parser = new SaxesParser({ position: true, xmlns: false });
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
  // Character data since the last tag: comments and processing instructions do not interrupt a run.
  let pending = '';
  const flush = () => {
    const text = pending.trim();
    if (text !== '') open[open.length - 1]!.text += text;
    pending = '';
  };
  let refusal: XmlSyntaxError | undefined;
  const refuse = (message: string) => {
    refusal ??= new XmlSyntaxError(`${message} (line ${parser.line}, column ${parser.column})`);
    throw refusal;
  };

  parser.on('doctype', () => refuse('a DOCTYPE is not allowed'));
  parser.on('opentag', (tag) => {
    if (open.length >= MAX_DEPTH) refuse(`elements nested deeper than ${MAX_DEPTH} levels`);
    if (open.length > 0) flush();
    const element = elementOf(tag);
    if (open.length > 0) open[open.length - 1]!.children.push(element);
    else root = element;
    open.push(element);
  });
  parser.on('text', (text) => {
    // Whitespace between the prolog, the root and what follows it: not character data of any element.
    if (open.length > 0) pending += text;
  });
  parser.on('cdata', (data) => {
    if (open.length === 0) refuse('CDATA section outside the root element');
    flush();
    open[open.length - 1]!.text += data;
  });
  parser.on('closetag', () => {
    flush();
    open.pop();
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    throw refusal ?? syntaxError(err as Error);
  }
  if (!root) throw new XmlSyntaxError('no root element');
  return root;
}
