/**
 * The UI suite: drives the real VS Code 1.139 workbench (code-server) in Debian's Chromium with
 * playwright-core, as a user would. Started by test/extension/e2e/run.ts, which passes the session.
 */
import * as assert from 'node:assert/strict';
import path from 'node:path';

import type { BrowserContext, Page } from 'playwright-core';

import { launchBrowser } from '../e2e/browser';
import { countActivations, workbenchUrl } from '../e2e/codeServer';
import type { UiSession } from './session';
import { readUiSession } from './session';

const EXTENSION_ID = 'otel-propagation.otel-propagation';
const TRACEPARENT_IN_LOG = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** Polls until `probe` returns true, failing with `what` after `timeoutMs`. */
async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Screen point of the character `offset` characters into the first occurrence of `needle` in the
 * rendered lines of the active editor. Monaco splits a line into token spans and renders spaces as
 * no-break spaces, so the line's text nodes are walked with a DOM Range.
 */
async function pointInText(page: Page, needle: string, offset: number): Promise<{ x: number; y: number }> {
  // Runs in the page; kept as source text because the tests are type-checked without the DOM library.
  const script = `(([text, at]) => {
    for (const lines of document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines')) {
      for (const line of lines.querySelectorAll('.view-line')) {
        const start = (line.textContent || '').replace(/\\u00a0/g, ' ').indexOf(text);
        if (start < 0) continue;
        let remaining = start + at;
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          const length = (node.textContent || '').length;
          if (remaining < length) {
            const range = document.createRange();
            range.setStart(node, remaining);
            range.setEnd(node, remaining + 1);
            const rect = range.getBoundingClientRect();
            return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
          }
          remaining -= length;
        }
      }
    }
    return null;
  })(${JSON.stringify([needle, offset])})`;
  const point = await page.evaluate<{ x: number; y: number } | null>(script);
  assert.ok(point, `"${needle}" is rendered in the active editor`);
  return point;
}

/** Text of the rendered lines of the active editor. */
async function activeEditorText(page: Page): Promise<string> {
  const text = await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

/**
 * Opens a workspace file from the Explorer, as a user would (Quick Open's file search needs ripgrep,
 * which the code-server npm package does not ship).
 */
async function openFromExplorer(page: Page, relative: string): Promise<void> {
  await page.keyboard.press('Control+Shift+E');
  const segments = relative.split('/');
  for (const [index, segment] of segments.entries()) {
    const row = page.locator(`.part.sidebar .monaco-list-row[aria-label="${segment}"]`).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    const isFolder = index < segments.length - 1;
    if (!isFolder || (await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  }
  const fileName = segments[segments.length - 1] ?? relative;
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ state: 'visible', timeout: 20_000 });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
}

/** Runs a command from the palette by its title. */
async function runCommand(page: Page, title: string): Promise<void> {
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

describe('workbench UI (code-server 4.139.1, Chromium)', function () {
  let session: UiSession;
  let context: BrowserContext;
  let page: Page;

  before(async function () {
    this.timeout(120_000);
    session = readUiSession();
    context = await launchBrowser(session.chromium, session.runDir, `http://${session.authority}`);
    page = await context.newPage();
    const activationsBefore = countActivations(session.userDataDir, EXTENSION_ID);
    const url = workbenchUrl(session.authority, session.workspace, session.extensionPath, [
      ['openFile', path.join(session.workspace, 'src', 'tracing.mts')],
    ]);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await until('the extension to activate in the new window', () => countActivations(session.userDataDir, EXTENSION_ID) > activationsBefore, 60_000);
    await page.locator('.tabs-container .tab.active', { hasText: 'tracing.mts' }).waitFor({ state: 'visible', timeout: 30_000 });
  });

  afterEach(async function () {
    // A failing step leaves a picture of the workbench next to the hover screenshot.
    if (this.currentTest?.state === 'failed') {
      const name = (this.currentTest.title.replace(/[^\w]+/g, '-').slice(0, 60) || 'failure').toLowerCase();
      await page.screenshot({ path: path.join(session.artifactsDir, `ui-failed-${name}.png`) });
    }
  });

  after(async () => {
    await context.close();
  });

  it('underlines the root ratio sampler with an error squiggle', async () => {
    await page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ state: 'attached', timeout: 30_000 });
  });

  it('lists the problem in the Problems panel with its rule id', async () => {
    await page.locator('[id="status.problems"]').click();
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'require-parent-based-sampler' }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await row.innerText(), /otel-propagation/);
  });

  it('applies the quick fix chosen from the lightbulb menu', async () => {
    const target = await pointInText(page, 'TraceIdRatioBasedSampler(0.1)', 3);
    const rows = page.locator('.action-widget .monaco-list-row');
    const isFix = (title: string): boolean => /ParentBasedSampler|parent-based|Fix /i.test(title) && !/disable/i.test(title);
    let titles: string[] = [];
    // The lightbulb can show first for TypeScript's refactorings alone, before the language server's
    // actions arrive; reopening it from the same spot then lists ours.
    for (let attempt = 1; attempt <= 5 && !titles.some(isFix); attempt++) {
      if (attempt > 1) {
        await page.keyboard.press('Escape');
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
      await page.mouse.click(target.x, target.y);
      const lightbulb = page.locator('.lightBulbWidget').first();
      await lightbulb.waitFor({ state: 'visible', timeout: 20_000 });
      await lightbulb.click();
      await rows.first().waitFor({ state: 'visible', timeout: 20_000 });
      titles = await rows.allInnerTexts();
    }
    const index = titles.findIndex(isFix);
    assert.ok(index >= 0, `a fix among the quick fixes: ${titles.join(' | ')}`);
    await rows.nth(index).click();
    await until('the fix to be applied', async () => (await activeEditorText(page)).includes('new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.1) })'), 20_000);
    await page.keyboard.press('Control+Z');
  });

  it('shows the decoded traceparent when hovering a log line, and saves a screenshot', async () => {
    await openFromExplorer(page, 'logs/gateway.log');
    const point = await pointInText(page, TRACEPARENT_IN_LOG, 12);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: '0af7651916cd43dd8448eb211c80319c' }).first();
    await until(
      'the trace-context hover',
      async () => {
        // Small moves re-trigger the hover when the first one landed before the server was ready.
        await page.mouse.move(point.x + (Date.now() % 3) - 1, point.y);
        return hover.isVisible();
      },
      30_000,
    );
    await until('the hover to finish loading', async () => !(await hover.innerText()).includes('Loading'), 10_000);
    const text = await hover.innerText();
    assert.match(text, /b7ad6b7169203331/);
    assert.match(text, /[Ss]ampled/);
    const box = await hover.boundingBox();
    assert.ok(box);
    const viewport = page.viewportSize() ?? { width: 1400, height: 900 };
    const left = Math.max(0, Math.min(box.x, point.x) - 40);
    const top = Math.max(0, Math.min(box.y, point.y) - 40);
    const right = Math.min(viewport.width, Math.max(box.x + box.width, point.x) + 40);
    const bottom = Math.min(viewport.height, Math.max(box.y + box.height, point.y) + 40);
    await page.screenshot({ path: path.join(session.artifactsDir, 'hover.png'), clip: { x: left, y: top, width: right - left, height: bottom - top } });
  });

  it('shows the result of Decode Trace Context run from the command palette', async () => {
    await page.mouse.move(5, 5);
    await openFromExplorer(page, 'src/tracing.mts');
    await page.keyboard.press('Control+Home');
    await runCommand(page, 'OTel Propagation: Decode Trace Context');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'Decoded traceparent' }).waitFor({ state: 'visible', timeout: 20_000 });
    await until('the report text', async () => (await activeEditorText(page)).includes('Format:** W3C traceparent'), 20_000);
    // The report soft-wraps long ids, so compare without line breaks.
    assert.match((await activeEditorText(page)).replace(/\s+/g, ''), /\|Traceid\|`4bf92f3577b34da6a3ce929d0e0e4736`\|/);
  });
});
