import type { Page } from 'playwright-core';
import { OPERATOR } from '../back-office-client.js';
import { screenshot } from './chromium.js';

/** A page on a 1280-wide desktop and a 390-wide phone: `<prefix>-<name>-<device>.png` in screenshots/. */
export function screenshotter(prefix: string) {
  return async (page: Page, name: string) => {
    for (const [device, width] of [
      ['desktop', 1280],
      ['phone', 390],
    ] as const) {
      await page.setViewportSize({ width, height: 900 });
      await screenshot(page, `${prefix}-${name}-${device}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  };
}

/** Signs the page in as the first operator; returns the dialogs the pages open (there should be none). */
export async function signInAsOperator(page: Page, baseUrl: string): Promise<string[]> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${baseUrl}/admin/sign-in`);
  await page.getByLabel('E-mail').fill(OPERATOR.email);
  await page.getByLabel('Password').fill(OPERATOR.password);
  await Promise.all([page.waitForURL(`${baseUrl}/admin/merchants`), page.getByTestId('sign-in').click()]);
  return dialogs;
}
