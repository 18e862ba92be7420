import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_DEPTH, parseXmlDocument, XmlSyntaxError } from '../../src/http/soap/xml-document.js';
import { readSoapRequest } from '../../src/http/soap/xml-reader.js';

const textOf = (inner: string) => parseXmlDocument(`<a>${inner}</a>`).text;
const refused = (xml: string, message: RegExp) =>
  assert.throws(
    () => parseXmlDocument(xml),
    (err: Error) => err instanceof XmlSyntaxError && message.test(err.message),
  );

describe('XML documents read for SOAP', () => {
  it('decodes the five predefined entities and character references, nothing else', () => {
    assert.equal(textOf('&lt;&gt;&amp;&quot;&apos;'), `<>&"'`);
    assert.equal(textOf('caf&#233; caf&#xE9; caf&#xe9; &#x1F600;'), 'café café café 😀');
    assert.equal(textOf('&amp;amp;'), '&amp;');
    refused('<a>&eacute;</a>', /^undefined entity \(line 1, column 11\)$/);
    refused('<a>&nbsp;</a>', /undefined entity/);
    refused('<a>fish & chips</a>', /\(line 1, column \d+\)/);
    refused('<a>&#;</a>', /malformed character entity/);
    refused('<a>&#0;</a>', /malformed character entity/);
    refused('<a>&#xD800;</a>', /malformed character entity/);
    refused('<a b="&euro;"/>', /undefined entity/);
  });

  it('character data: runs trimmed, comments and PIs skipped, CDATA kept as written, line ends normalized', () => {
    assert.equal(textOf('  spaced  '), 'spaced');
    assert.equal(textOf(' a <!-- note --> b '), 'a  b');
    assert.equal(textOf('a<?pi data?>b'), 'ab');
    assert.equal(textOf('<![CDATA[ x<y&amp; ]]>'), ' x<y&amp; ');
    assert.equal(textOf('a<![CDATA[b]]>c'), 'abc');
    assert.equal(textOf('a\r\nb\rc'), 'a\nb\nc');
    assert.equal(textOf('a>b'), 'a>b');
  });

  it('elements, attributes and names as written', () => {
    const root = parseXmlDocument(
      `\uFEFF<?xml version="1.0"?><!-- c --><s:E xmlns:s="urn:s" a = 'x&quot;y'\n t="1"><s:B/><C>t</C><s:B></s:B></s:E>\n`,
    );
    assert.equal(root.name, 's:E');
    assert.equal(root.localName, 'E');
    assert.deepEqual(root.attributes, [
      { name: 'xmlns:s', value: 'urn:s' },
      { name: 'a', value: 'x"y' },
      { name: 't', value: '1' },
    ]);
    assert.deepEqual(
      root.children.map((c) => [c.name, c.text]),
      [
        ['s:B', ''],
        ['C', 't'],
        ['s:B', ''],
      ],
    );
  });

  it('names beyond ASCII follow the XML Name production', () => {
    assert.equal(parseXmlDocument('<p:café-1 xmlns:p="urn:p"/>').localName, 'café-1');
    assert.equal(parseXmlDocument('<日本/>').name, '日本');
    refused('<a-b><-a/></a-b>', /disallowed character in tag name/);
  });

  it('refuses what is not well-formed, with the position', () => {
    refused('<a><b></a>', /^unexpected close tag \(line 1, column 10\)$/);
    refused('<a>\n<b>', /^unclosed tag: b \(line 2, column 3\)$/);
    refused('<a/></a>', /unmatched closing tag: a/);
    refused('<a/><b/>', /only one root/);
    refused('<a/>junk', /text data outside of root node/);
    refused('junk<a/>', /text data outside of root node \(line 1, column 5\)/);
    refused('<![CDATA[x]]><a/>', /outside of root node/);
    refused('<a b="1" b="2"/>', /duplicate attribute: b/);
    refused('<a b=1/>', /unquoted attribute value/);
    refused('<a b/>', /disallowed character in attribute name/);
    refused('<a b="1"c="2"/>', /no whitespace between attributes/);
    refused('<a b="1/>', /unexpected end/);
    refused('< a/>', /disallowed character in tag name/);
    refused('<a>1 < 2</a>', /disallowed character in tag name/);
    refused('<a>1<2</a>', /disallowed character in tag name/);
    refused('<a></a x="1">', /disallowed character in closing tag/);
    refused(' <?xml version="1.0"?><a/>', /XML declaration must be at the start/);
    refused('<a><!-- open</a>', /unclosed tag: a/);
    refused('<a><!ELEMENT a ANY></a>', /incorrect syntax/);
    refused('<!DOCTYPE a><a/>', /a DOCTYPE is not allowed/);
    refused('<a>]]></a>', /"]]>" is disallowed/);
    refused('<a b="<"/>', /disallowed character/);
    refused('<a><!-- x -- y --></a>', /malformed comment/);
    refused('', /must contain a root element/);
    const deep = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
    assert.equal(parseXmlDocument(deep(MAX_DEPTH)).name, 'a');
    refused(deep(MAX_DEPTH + 1), /nested deeper than 100 levels/);
  });

  it('a SOAP request: numeric references decoded, malformed XML a Client fault naming the problem', () => {
    const envelope = (token: string) =>
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>' +
      '<i:getWebPaymentDetailsRequest xmlns:i="http://impl.ws.payline.experian.com">' +
      `<i:version>34</i:version><i:token>${token}</i:token></i:getWebPaymentDetailsRequest></s:Body></s:Envelope>`;
    assert.deepEqual(readSoapRequest(envelope('T&#233;&amp;')).body, { version: '34', token: 'Té&' });
    assert.throws(
      () => readSoapRequest(envelope('&euro;')),
      (err: Error & { faultCode?: string }) =>
        err.faultCode === 'Client' && /^Malformed XML: undefined entity \(line 1, column \d+\)$/.test(err.message),
    );
  });
});
