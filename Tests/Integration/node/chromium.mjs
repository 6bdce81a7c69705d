// Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium) started headless by playwright-core
// for the browser drivers in this folder, in a throw-away profile; playwright's own browser
// download is never used. Exits with 3 and the install hint when Chromium is missing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPackage } from './load-package.mjs';

export const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

/** @returns {Promise<{ context: import('playwright-core').BrowserContext, close: () => Promise<void> }>} */
export async function launchChromium() {
  const executablePath = env('CHROMIUM_PATH', '/usr/bin/chromium');
  if (!existsSync(executablePath)) {
    console.error(`Chromium is not installed at ${executablePath}. Install it with: apt-get update && apt-get install -y chromium`);
    process.exit(3);
  }
  const { chromium } = loadPackage('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'rsrp-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
