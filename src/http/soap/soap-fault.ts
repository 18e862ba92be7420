/** SOAP 1.1 faults (SOAP 1.1 §4.4): faultcode in the envelope namespace, a human faultstring. */
export type FaultCode = 'Client' | 'Server' | 'VersionMismatch';

export class SoapFault extends Error {
  constructor(
    readonly faultCode: FaultCode,
    message: string,
    /** HTTP status: SOAP 1.1 §6.2 prescribes 500 for a fault; 401/413 come from HTTP itself. */
    readonly httpStatus = 500,
  ) {
    super(message);
    this.name = 'SoapFault';
  }
}

const escape = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderFault(fault: { faultCode: FaultCode; message: string }): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>' +
    `<faultcode>soapenv:${fault.faultCode}</faultcode><faultstring>${escape(fault.message)}</faultstring>` +
    '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
  );
}
