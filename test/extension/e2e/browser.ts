/** Launches Debian's Chromium through playwright-core (no Playwright browser download). */
import { mkdtempSync } from 'node:fs';
import path from 'node:path';

import type { BrowserContext } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Flags that keep a headless Chromium from reaching the network or asking for anything. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A fresh persistent context (Playwright refuses `--user-data-dir` in args) with clipboard access for the origin. */
export async function launchBrowser(executablePath: string, runDir: string, origin: string): Promise<BrowserContext> {
  const profile = mkdtempSync(path.join(runDir, 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  return context;
}
