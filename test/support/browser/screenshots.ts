import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';

const SHOTS = new URL('../../../.screenshots/', import.meta.url);

/** The page on a 1280-wide desktop and a 390-wide phone: `<name>-desktop.png`, `<name>-phone.png` in .screenshots/. */
export async function shootDesktopAndPhone(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const [device, width] of [
    ['desktop', 1280],
    ['phone', 390],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: new URL(`${name}-${device}.png`, SHOTS).pathname, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
