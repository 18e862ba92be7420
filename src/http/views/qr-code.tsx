import QRCode from 'qrcode';

/**
 * A QR code as inline SVG markup built from the code's module matrix: the same drawing as the
 * `qrcode` library's SVG output (one horizontal stroke per run of dark modules), but made of
 * elements, so no library-produced markup is ever inserted raw into a page.
 */
export function QrCode({ value, margin = 1 }: { value: string; margin?: number }) {
  const { modules } = QRCode.create(asOneByteSegment(value), { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const total = size + 2 * margin;
  let runs = '';
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size;) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules.get(row, col)) col++;
      runs += `M${start + margin} ${row + margin + 0.5}h${col - start}`;
    }
  }
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${total} ${total}`} shape-rendering="crispEdges">
      <path fill="#ffffff" d={`M0 0h${total}v${total}H0z`} />
      <path stroke="#000000" d={runs} />
    </svg>
  );
}

/**
 * The whole text as one byte-mode (UTF-8) segment: the library's search for the cheapest mix of
 * numeric, alphanumeric and byte segments costs more than the rest of the code, and for the links
 * and URIs drawn here it saves a few bits, not a version (test/unit/qr-code.test.ts).
 */
function asOneByteSegment(value: string): QRCode.QRCodeSegment[] {
  return [{ data: Buffer.from(value, 'utf8'), mode: 'byte' }];
}
