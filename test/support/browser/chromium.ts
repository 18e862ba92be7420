import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); playwright-core downloads no browser of its own. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Upper bound of any single browser action or navigation, so a broken page fails instead of hanging. */
export const ACTION_TIMEOUT_MS = 10_000;
/** Upper bound of one test. */
export const TEST_TIMEOUT_MS = 30_000;
/** Upper bound of a before/after hook (browser launch, gateway start, shutdown). */
export const HOOK_TIMEOUT_MS = 60_000;

/** Headless, without the browser's own background traffic (it would show among a page's requests). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    timeout: HOOK_TIMEOUT_MS,
  });
}

const SCREENS = {
  desktop: { viewport: { width: 800, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} satisfies Record<string, BrowserContextOptions>;

export interface PageOptions {
  /** The browser's language (Accept-Language, navigator.language); default en-US. */
  locale?: string;
  /** Default desktop. */
  screen?: keyof typeof SCREENS;
}

/** A fresh browser profile (cookies, cache) at that screen's size, with bounded timeouts. */
export async function newBrowserContext(browser: Browser, opts: PageOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: opts.locale ?? 'en-US', ...SCREENS[opts.screen ?? 'desktop'] });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  return context;
}

/** Where the suites leave their screenshots to look at after a run (git-ignored). */
export const SCREENSHOTS_DIR = fileURLToPath(new URL('../../../screenshots/', import.meta.url));

/** Saves the page as screenshots/<name>.png, the whole page unless `fullPage: false` (just the viewport). */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: opts.fullPage ?? true });
}
