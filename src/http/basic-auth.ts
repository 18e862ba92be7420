/** Merchant credentials from `Authorization: Basic base64(merchantId:accessKey)`. */
export function parseBasicAuth(header: string | undefined): { merchantId: string; accessKey: string } | undefined {
  if (!header) return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { merchantId: decoded.slice(0, colon), accessKey: decoded.slice(colon + 1) };
}
