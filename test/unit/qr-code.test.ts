import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import QRCode from 'qrcode';
import { renderToString } from 'preact-render-to-string';
import { h } from 'preact';
import { QrCode } from '../../src/http/views/qr-code.js';

/** The dark cells an SVG path of horizontal strokes (`M x y`, `m dx 0`, `h n`) paints, as "x,y". */
function paintedCells(d: string): Set<string> {
  const cells = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of d.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (cmd === 'M') [x, y] = [Number(a), Number(b)];
    else if (cmd === 'm') x += Number(a);
    else {
      for (let i = 0; i < Number(a); i++) cells.add(`${x + i},${y}`);
      x += Number(a);
    }
  }
  return cells;
}

const strokes = (svg: string) => /<path stroke="#000000" d="([^"]*)"/.exec(svg)?.[1] ?? '';
const viewBox = (svg: string) => /viewBox="([^"]*)"/.exec(svg)?.[1];

describe('QrCode (inline SVG made of elements)', () => {
  for (const value of [
    'https://payconiq.com/pay/2/5bdb1685b93d1c000bde96f2',
    'http://127.0.0.1:8080/simulator/payconiq/pay/2/0123456789abcdef01234567',
    'otpauth://totp/Passerelle:admin%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Passerelle',
    'x',
  ]) {
    it(`draws the same modules as the qrcode library's own SVG of one byte segment: ${value}`, async () => {
      const segments = [{ data: Buffer.from(value, 'utf8'), mode: 'byte' as const }];
      const library = await QRCode.toString(segments, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      const ours = renderToString(h(QrCode, { value }));
      assert.equal(viewBox(ours), viewBox(library));
      const cells = paintedCells(strokes(ours));
      assert.ok(cells.size > 50, 'a real code');
      assert.deepEqual([...cells].sort(), [...paintedCells(strokes(library))].sort());
      assert.match(
        ours,
        /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="[\d ]+" shape-rendering="crispEdges"><path fill="#ffffff" d="M0 0h(\d+)v\1H0z"><\/path><path stroke="#000000" d="[Mh\d. ]+"><\/path><\/svg>$/,
      );
    });

    it(`one byte segment makes a code no denser than the library's own segmentation: ${value}`, () => {
      const single = QRCode.create([{ data: Buffer.from(value, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
      const optimised = QRCode.create(value, { errorCorrectionLevel: 'M' });
      assert.equal(single.version, optimised.version);
      assert.equal(single.errorCorrectionLevel.bit, optimised.errorCorrectionLevel.bit);
    });
  }
});
