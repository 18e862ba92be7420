/**
 * Pixel comparison of two folders written by scripts/screenshots.ts: for each image, identical,
 * a different size, or how many pixels differ and where (the QR code and the clock-dependent
 * texts always do: the payment ids and times are new on each run).
 *
 *   node --import tsx scripts/compare-screenshots.ts .screenshots/before .screenshots/after
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../test/support/browser/chromium.js';

const [before = '.screenshots/before', after = '.screenshots/after'] = process.argv.slice(2);
const dataUrl = (path: string) => `data:image/png;base64,${readFileSync(path).toString('base64')}`;

// Runs in the page; a string so the TypeScript loader's helpers do not leak into it.
const COMPARE = `async ([a, b]) => {
  const load = (src) => new Promise((resolve, reject) => { const img = new Image(); img.onload = () => resolve(img); img.onerror = reject; img.src = src; });
  const pixels = (img) => { const c = document.createElement('canvas'); c.width = img.width; c.height = img.height; const g = c.getContext('2d'); g.drawImage(img, 0, 0); return g.getImageData(0, 0, img.width, img.height).data; };
  const [x, y] = await Promise.all([load(a), load(b)]);
  if (x.width !== y.width || x.height !== y.height) return 'size ' + x.width + 'x' + x.height + ' → ' + y.width + 'x' + y.height;
  const p = pixels(x), q = pixels(y);
  let n = 0, x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let i = 0; i < p.length; i += 4) {
    if (p[i] === q[i] && p[i + 1] === q[i + 1] && p[i + 2] === q[i + 2]) continue;
    const px = (i / 4) % x.width, py = Math.floor(i / 4 / x.width);
    n++; x0 = Math.min(x0, px); y0 = Math.min(y0, py); x1 = Math.max(x1, px); y1 = Math.max(y1, py);
  }
  return n ? n + ' px differ within (' + x0 + ',' + y0 + ')-(' + x1 + ',' + y1 + ')' : 'pixel-identical';
}`;

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  for (const file of readdirSync(before).filter((f) => f.endsWith('.png'))) {
    const images = JSON.stringify([dataUrl(join(before, file)), dataUrl(join(after, file))]);
    console.log(file, await page.evaluate(`(${COMPARE})(${images})`));
  }
} finally {
  await browser.close();
}
