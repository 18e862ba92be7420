/**
 * A single-pass, well-formedness-checking XML reader for SOAP requests: elements, attributes, character
 * data, CDATA, comments and processing instructions (skipped), the five predefined entities and character
 * references. It builds no DOM beyond what the SOAP reader walks and resolves no namespaces (the reader
 * does that from the `xmlns` attributes). A DOCTYPE is refused before this is called.
 */

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
  constructor(message: string, xml?: string, index?: number) {
    super(xml === undefined || index === undefined ? message : `${message} ${position(xml, index)}`);
    this.name = 'XmlSyntaxError';
  }
}

/** Deeper nesting is refused: no Payline message comes near it, and it bounds the work of a hostile one. */
export const MAX_DEPTH = 100;

// XML 1.0 Name (§2.3), the BMP part; sticky, to match at a given index.
const NAME_START =
  ':A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
// eslint-disable-next-line no-misleading-character-class -- the Name production allows combining marks
const NAME = new RegExp(`[${NAME_START}][${NAME_START}\\-.\\d\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*`, 'y');
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const DECIMAL = /^#[0-9]+$/;
const HEX = /^#x[0-9a-fA-F]+$/;

function position(xml: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = xml.indexOf('\n'); i !== -1 && i < index; i = xml.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `(line ${line}, column ${index - lineStart + 1})`;
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Replaces entity and character references; `at` is where `raw` starts in `xml`, for the error position. */
function decode(raw: string, xml: string, at: number): string {
  let amp = raw.indexOf('&');
  if (amp === -1) return raw;
  let out = '';
  let from = 0;
  while (amp !== -1) {
    const semi = raw.indexOf(';', amp);
    const ref = semi === -1 ? '' : raw.slice(amp + 1, semi);
    let value = PREDEFINED[ref];
    if (value === undefined) {
      const cp = DECIMAL.test(ref) ? Number(ref.slice(1)) : HEX.test(ref) ? parseInt(ref.slice(2), 16) : NaN;
      if (Number.isNaN(cp))
        throw new XmlSyntaxError(
          semi === -1 || ref === '' || ref.startsWith('#')
            ? "'&' must start an entity or character reference (write &amp; for a literal '&')"
            : `undeclared entity &${ref}; (only &lt; &gt; &amp; &quot; &apos; and character references)`,
          xml,
          at + amp,
        );
      if (!isXmlChar(cp))
        throw new XmlSyntaxError(`character reference &${ref}; is not an XML character`, xml, at + amp);
      value = String.fromCodePoint(cp);
    }
    out += raw.slice(from, amp) + value;
    from = semi + 1;
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}

const isAsciiNameStart = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
const isAsciiNameChar = (c: number) => isAsciiNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;

function nameAt(xml: string, index: number): string | undefined {
  // ASCII names (all of Payline's) without the regular expression; anything else through it.
  let end = index;
  if (isAsciiNameStart(xml.charCodeAt(end))) while (isAsciiNameChar(xml.charCodeAt(++end)));
  if (end > index && xml.charCodeAt(end) < 0x80) return xml.slice(index, end);
  NAME.lastIndex = index;
  return NAME.exec(xml)?.[0];
}

function skipSpace(xml: string, index: number): number {
  while (isSpace(xml.charCodeAt(index))) index++;
  return index;
}

function endOf(xml: string, terminator: string, from: number, what: string, start: number): number {
  const end = xml.indexOf(terminator, from);
  if (end === -1) throw new XmlSyntaxError(`unterminated ${what}`, xml, start);
  return end;
}

/** Reads the attributes of a start tag from `index` (just after its name); returns where the tag ends. */
function readAttributes(xml: string, index: number, element: XmlElement): { end: number; empty: boolean } {
  for (;;) {
    const at = skipSpace(xml, index);
    const c = xml.charCodeAt(at);
    if (c === 0x3e /* > */) return { end: at + 1, empty: false };
    if (c === 0x2f /* / */ && xml.charCodeAt(at + 1) === 0x3e) return { end: at + 2, empty: true };
    if (Number.isNaN(c)) throw new XmlSyntaxError(`unterminated start tag <${element.name}`, xml, index);
    const name = at > index ? nameAt(xml, at) : undefined;
    if (name === undefined)
      throw new XmlSyntaxError(
        at > index
          ? `invalid attribute name in <${element.name}>`
          : `unexpected character '${xml[at]}' in <${element.name}> (a space must separate attributes)`,
        xml,
        at,
      );
    const eq = skipSpace(xml, at + name.length);
    if (xml.charCodeAt(eq) !== 0x3d /* = */)
      throw new XmlSyntaxError(`attribute '${name}' of <${element.name}> has no value`, xml, at);
    const open = skipSpace(xml, eq + 1);
    const quote = xml[open];
    if (quote !== '"' && quote !== "'")
      throw new XmlSyntaxError(`the value of attribute '${name}' of <${element.name}> must be quoted`, xml, open);
    const close = endOf(xml, quote, open + 1, `value of attribute '${name}'`, open);
    if (element.attributes.some((a) => a.name === name))
      throw new XmlSyntaxError(`attribute '${name}' is repeated in <${element.name}>`, xml, at);
    element.attributes.push({ name, value: decode(xml.slice(open + 1, close), xml, open + 1) });
    index = close + 1;
  }
}

/** Parses a whole document and returns its root element; throws XmlSyntaxError if it is not well-formed. */
export function parseXmlDocument(input: string): XmlElement {
  // XML end-of-line handling (§2.11) before anything else.
  const xml = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  let index = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (xml.startsWith('<?xml', index) && (isSpace(xml.charCodeAt(index + 5)) || xml.startsWith('?>', index + 5)))
    index = endOf(xml, '?>', index, 'XML declaration', index) + 2;

  const open: XmlElement[] = [];
  let current: XmlElement | undefined;
  let root: XmlElement | undefined;
  // Character data since the last tag: comments and processing instructions do not interrupt it.
  let pending = '';
  let pendingAt = index;
  const flush = () => {
    const text = pending.trim();
    if (text !== '') {
      if (!current) throw new XmlSyntaxError('text outside the root element', xml, pendingAt);
      current.text += decode(text, xml, pendingAt + pending.indexOf(text));
    }
    pending = '';
  };

  while (index < xml.length) {
    const lt = xml.indexOf('<', index);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > index) {
      if (pending === '') pendingAt = index;
      pending += xml.slice(index, textEnd);
    }
    if (lt === -1) break;
    const next = xml.charCodeAt(lt + 1);

    if (next === 0x2f /* / */) {
      const name = nameAt(xml, lt + 2);
      if (name === undefined) throw new XmlSyntaxError('invalid closing tag name', xml, lt);
      const gt = skipSpace(xml, lt + 2 + name.length);
      if (xml.charCodeAt(gt) !== 0x3e) throw new XmlSyntaxError(`closing tag </${name}> must end with '>'`, xml, lt);
      if (!current) throw new XmlSyntaxError(`closing tag </${name}> has not been opened`, xml, lt);
      if (name !== current.name)
        throw new XmlSyntaxError(`expected closing tag </${current.name}> instead of </${name}>`, xml, lt);
      flush();
      open.pop();
      current = open[open.length - 1];
      index = gt + 1;
    } else if (next === 0x21 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        index = endOf(xml, '-->', lt + 4, 'comment', lt) + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        if (!current) throw new XmlSyntaxError('CDATA section outside the root element', xml, lt);
        flush();
        const end = endOf(xml, ']]>', lt + 9, 'CDATA section', lt);
        current.text += xml.slice(lt + 9, end);
        index = end + 3;
      } else {
        throw new XmlSyntaxError("'<!' must start a comment or a CDATA section", xml, lt);
      }
    } else if (next === 0x3f /* ? */) {
      const target = nameAt(xml, lt + 2);
      if (target === undefined) throw new XmlSyntaxError('invalid processing instruction', xml, lt);
      if (target.toLowerCase() === 'xml')
        throw new XmlSyntaxError('the XML declaration is allowed only at the start of the document', xml, lt);
      index = endOf(xml, '?>', lt + 2, 'processing instruction', lt) + 2;
    } else {
      const name = nameAt(xml, lt + 1);
      if (name === undefined)
        throw new XmlSyntaxError(
          isSpace(next) ? "no space is allowed after '<'" : "'<' must start a tag (write &lt; for a literal '<')",
          xml,
          lt,
        );
      flush();
      if (open.length >= MAX_DEPTH)
        throw new XmlSyntaxError(`elements nested deeper than ${MAX_DEPTH} levels`, xml, lt);
      const colon = name.indexOf(':');
      const element: XmlElement = {
        name,
        localName: colon === -1 ? name : name.slice(colon + 1),
        attributes: [],
        children: [],
        text: '',
      };
      const { end, empty } = readAttributes(xml, lt + 1 + name.length, element);
      if (current) current.children.push(element);
      else if (root) throw new XmlSyntaxError('expected a single root element');
      else root = element;
      if (!empty) {
        open.push(element);
        current = element;
      }
      index = end;
    }
  }
  flush();
  if (current) throw new XmlSyntaxError(`element <${current.name}> is not closed`, xml, xml.length);
  if (!root) throw new XmlSyntaxError('no root element', xml, xml.length);
  return root;
}
