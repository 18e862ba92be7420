import { IMPL_ELEMENTS, OBJ_TYPES, SERVICES } from './schema/payline-schema.js';
import { IMPL_NS, OBJ_NS, implElement, objType, type Field } from './schema/fields.js';

export type ServiceName = keyof typeof SERVICES;

export function isServiceName(name: string): name is ServiceName {
  return Object.hasOwn(SERVICES, name);
}

const attr = (v: string) => v.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

function renderField(f: Field, indent: string): string {
  const occurs = `${f.min !== 1 ? ` minOccurs="${f.min}"` : ''}${f.max !== 1 ? ` maxOccurs="${f.max === Infinity ? 'unbounded' : f.max}"` : ''}`;
  const dflt = f.default !== undefined ? ` default="${attr(f.default)}"` : '';
  const head = `${indent}<element${occurs}${dflt} name="${f.name}" nillable="${f.nillable}"`;
  switch (f.type.kind) {
    case 'obj':
      return `${head} type="tns1:${f.type.name}"/>`;
    case 'inline': {
      // An anonymous type may have no elements at all (4.77's functionParameter only has an attribute).
      const sequence =
        f.type.fields.length > 0
          ? `<sequence>\n${renderSequence(f.type.fields, indent + '  ')}\n${indent}</sequence>`
          : '';
      const attributes = (f.type.attributes ?? [])
        .map((a) => `<attribute name="${a.name}"${a.type ? ` type="xsd:${a.type}"` : ''}/>`)
        .join('');
      return `${head}><complexType>${sequence}${attributes}</complexType></element>`;
    }
    case 'simple': {
      const { name, enumeration, facets } = f.type;
      if (!enumeration && !facets) return `${head} type="xsd:${name}"/>`;
      const restrictions = [
        ...(enumeration ?? []).map((v) => `<enumeration value="${attr(v)}"/>`),
        ...Object.entries(facets ?? {}).map(([facet, v]) => `<${facet} value="${attr(v)}"/>`),
      ];
      return `${head}><simpleType><restriction base="xsd:${name}">${restrictions.join('')}</restriction></simpleType></element>`;
    }
  }
}

const renderSequence = (fields: Field[], indent: string) => fields.map((f) => renderField(f, indent)).join('\n');

let typesCache: string | undefined;

function renderTypes(): string {
  typesCache ??= [
    '  <wsdl:types>',
    `    <schema elementFormDefault="qualified" targetNamespace="${IMPL_NS}" xmlns="http://www.w3.org/2001/XMLSchema">`,
    `      <import namespace="${OBJ_NS}"/>`,
    ...Object.keys(IMPL_ELEMENTS).map(
      (name) =>
        `      <element name="${name}"><complexType><sequence>\n${renderSequence(implElement(name)!, '        ')}\n      </sequence></complexType></element>`,
    ),
    '    </schema>',
    `    <schema elementFormDefault="qualified" targetNamespace="${OBJ_NS}" xmlns="http://www.w3.org/2001/XMLSchema">`,
    ...Object.keys(OBJ_TYPES).map(
      (name) =>
        `      <complexType name="${name}"><sequence>\n${renderSequence(objType(name), '        ')}\n      </sequence></complexType>`,
    ),
    '    </schema>',
    '  </wsdl:types>',
  ].join('\n');
  return typesCache;
}

/**
 * Passerelle's own WSDL for one service, wire-compatible with Payline's WSDL 4.77: same
 * namespaces, element names, order and occurrences, SOAP 1.1 document/literal, soapAction = the
 * operation name. Like Payline's files it carries the three portTypes; only the service differs.
 */
export function renderWsdl(service: ServiceName, baseUrl: string): string {
  const services = Object.entries(SERVICES) as [ServiceName, readonly string[]][];
  const messages = Object.keys(IMPL_ELEMENTS).map(
    (name) => `  <wsdl:message name="${name}"><wsdl:part name="parameters" element="impl:${name}"/></wsdl:message>`,
  );
  const portTypes = services.map(([name, ops]) =>
    [
      `  <wsdl:portType name="${name}">`,
      ...ops.map(
        (op) =>
          `    <wsdl:operation name="${op}"><wsdl:input name="${op}Request" message="impl:${op}Request"/><wsdl:output name="${op}Response" message="impl:${op}Response"/></wsdl:operation>`,
      ),
      '  </wsdl:portType>',
    ].join('\n'),
  );
  const bindings = services.map(([name, ops]) =>
    [
      `  <wsdl:binding name="${name}SoapBinding" type="impl:${name}">`,
      '    <wsdlsoap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>',
      ...ops.map(
        (op) =>
          `    <wsdl:operation name="${op}"><wsdlsoap:operation soapAction="${op}"/><wsdl:input><wsdlsoap:body use="literal"/></wsdl:input><wsdl:output><wsdlsoap:body use="literal"/></wsdl:output></wsdl:operation>`,
      ),
      '  </wsdl:binding>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- Passerelle ${service}: compatible with Payline / Monext Online WSDL 4.77 (WS version 34) -->`,
    `<wsdl:definitions targetNamespace="${IMPL_NS}" xmlns:impl="${IMPL_NS}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:wsdlsoap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns1="${OBJ_NS}">`,
    renderTypes(),
    ...messages,
    ...portTypes,
    ...bindings,
    `  <wsdl:service name="${service}"><wsdl:port name="${service}" binding="impl:${service}SoapBinding"><wsdlsoap:address location="${baseUrl}/V4/services/${service}"/></wsdl:port></wsdl:service>`,
    '</wsdl:definitions>',
    '',
  ].join('\n');
}
