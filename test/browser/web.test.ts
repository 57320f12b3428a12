/**
 * The web app in real Chromium (Debian's, driven by playwright-core) against the real server:
 * sign in, upload a PDF and see its learning highlighted, search, confirm a code, update an
 * action, download a briefing; document text shown as text, never run; an axe check on every
 * page. Screenshots go to test-results/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axe,
  ensureWebBuilt,
  findChromium,
  launch,
  shot,
  startServer,
  type Server,
} from '../helpers/browser.ts';
import { freshDataDir, makeTemplate, ROOT, runLantern, tempDir } from '../helpers/cli.ts';

const SEED = join(ROOT, '../shared/corpus/seeds/cumbria-child-be-board-response-2019.txt');
const SAMPLE = join(ROOT, 'samples/documents/kestrelford-child-h-board-response-2023.txt');
const PDF = join(ROOT, 'samples/documents/ashcombe-baby-r-seven-minute-briefing.pdf');

describe.skipIf(!findChromium())('the web app in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    const dataDir = freshDataDir(await makeTemplate());
    expect((await runLantern(['--data-dir', dataDir, 'import', SEED, SAMPLE])).code).toBe(0);
    server = await startServer(dataDir);
    browser = await launch();
    // The page runs under the server's real Content-Security-Policy; axe is run through evaluate,
    // which the policy does not govern.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text());
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const go = async (path: string) => {
    await page.goto(`${server.url}${path}`);
    await page.waitForLoadState('networkidle');
  };
  const noSeriousViolations = async (name: string) => {
    await shot(page, name);
    expect(await axe(page), `axe on ${name}`).toEqual([]);
  };

  it('signs in with the first-run account and shows the dashboard', async () => {
    expect(server.password).toMatch(/^\S{12,}$/);
    await go('/');
    await page.waitForSelector('#email');
    expect(new URL(page.url()).pathname).toBe('/login');
    await noSeriousViolations('login');
    await page.fill('#email', 'admin@lantern.local');
    await page.fill('#password', 'wrong password here');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('[role=alert]')).toMatch(/wrong e-mail or password/);
    await page.fill('#password', server.password as string);
    await page.click('button[type=submit]');
    await page.waitForSelector('h1:text("Dashboard")');
    await page.waitForLoadState('networkidle');
    expect(await page.textContent('.stats')).toMatch(/2 reviews/);
    expect(await page.locator('img.chart').count()).toBeGreaterThan(0);
    expect(await page.locator('#overdue ~ table tbody tr').count()).toBeGreaterThan(0);
    await noSeriousViolations('dashboard');
  });

  it('uploads a PDF (dropped) and a text file (chosen) with per-file outcomes, and shows the learning highlighted', async () => {
    await go('/upload');
    await noSeriousViolations('upload');
    // Drag and drop: a DataTransfer holding the PDF, dropped on the zone.
    const bytes = readFileSync(PDF).toString('base64');
    const transfer = await page.evaluateHandle((b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(
        new File([data], 'ashcombe-baby-r-seven-minute-briefing.pdf', { type: 'application/pdf' }),
      );
      return dt;
    }, bytes);
    await page.dispatchEvent('.dropzone', 'drop', { dataTransfer: transfer });
    const pdfRow = page.locator('.uploads li', { hasText: 'ashcombe-baby-r-seven-minute-briefing.pdf' });
    await expect
      .poll(() => pdfRow.textContent(), { timeout: 30_000 })
      .toMatch(/imported: 1 review\(s\), \d+ learning items/);
    // A document whose text holds markup: shown as text, never run.
    const hostile = join(tempDir(), 'child-x-briefing.txt');
    writeFileSync(
      hostile,
      [
        'Learning briefing: Child X <script>window.__pwned = 1</script>',
        '',
        'Key learning',
        '',
        '- Practitioners should <img src=x onerror="window.__pwned = 2"> ask about every adult in the household.',
        '',
      ].join('\n'),
    );
    await page.setInputFiles('#files', hostile);
    const hostileRow = page.locator('.uploads li', { hasText: 'child-x-briefing.txt' });
    await expect.poll(() => hostileRow.textContent(), { timeout: 30_000 }).toMatch(/imported/);
    await noSeriousViolations('upload-done');

    await pdfRow.locator('a', { hasText: 'open' }).click();
    await page.waitForSelector('.source mark');
    expect(await page.locator('.source mark.k-learning').count()).toBeGreaterThan(0);
    expect(await page.locator('.source mark.k-rec, .source mark.k-action').count()).toBeGreaterThan(0);
    await noSeriousViolations('source-pdf');

    await go(`/reviews?q=${encodeURIComponent('household')}`);
    await page.waitForSelector('.hits li');
    await page
      .locator('.hits a', { hasText: /Child X/ })
      .first()
      .click();
    await page.waitForSelector('.source');
    expect(await page.textContent('.source')).toContain('<img src=x onerror="window.__pwned = 2">');
    expect(await page.locator('.source img, .source script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('searches documents and learning, ranked, with the matched words marked, and filters by facet', async () => {
    await go('/reviews');
    await page.fill('#q', '"domestic abuse" risk');
    await page.click('form[role=search] button');
    await page.waitForSelector('.hits li mark');
    const marked = await page.locator('.hits mark').allTextContents();
    expect(marked.map((m) => m.toLowerCase())).toEqual(expect.arrayContaining(['domestic', 'abuse']));
    await noSeriousViolations('search');
    // A document hit opens the source at the passage that matches, outlined.
    await page.locator('.hits li', { hasText: 'document,' }).first().locator('a').click();
    await page.waitForSelector('mark.cited');
    const [, start, end] = /\/source\?start=(\d+)&end=(\d+)&from=search$/.exec(page.url()) ?? [];
    expect(await page.textContent('main')).toContain('The passage that matches your search');
    const passage = ((await page.textContent('.source')) ?? '')
      .slice(Number(start), Number(end))
      .toLowerCase();
    expect(passage).toContain('domestic abuse');
    expect(passage).toContain('risk');
    await go('/reviews');
    const before = await page.locator('#list').textContent();
    const facet = page.locator('fieldset', { hasText: 'Partnership' }).locator('.check').first();
    const count = Number(/\((\d+)\)/.exec((await facet.textContent()) ?? '')?.[1]);
    // The box is checked once the address (and so the list) has changed: click, then wait.
    await facet.locator('input').click();
    await expect.poll(() => facet.locator('input').isChecked()).toBe(true);
    await expect
      .poll(() => page.locator('#list').textContent())
      .toBe(`${count} review${count === 1 ? '' : 's'}`);
    expect(before).not.toBe(`${count} review${count === 1 ? '' : 's'}`);
  });

  it('opens a review, selects an item to see its provenance and chain, and confirms a code', async () => {
    await go('/reviews?q=DARAC');
    await page.locator('#list ~ table a', { hasText: 'Child BE' }).click();
    await page.waitForSelector('.source mark.k-action');
    await page.locator('.items button', { hasText: /recommendation BE1/ }).click();
    await page.waitForSelector('.reader-panel h2:text-matches("recommendation BE1", "i")');
    const panel = page.locator('.reader-panel');
    expect(await panel.textContent()).toMatch(
      /Source: cumbria-child-be-board-response-2019\.txt, characters \d+–\d+/,
    );
    expect(await panel.textContent()).toMatch(/to action/);
    expect(await panel.textContent()).toMatch(/Tracked actions/);
    await noSeriousViolations('review-reader');
    const confirm = panel
      .locator('.codes li', { has: page.locator('button', { hasText: 'Confirm' }) })
      .first();
    const code = await confirm.getAttribute('data-code');
    await confirm.locator('button', { hasText: 'Confirm' }).click();
    await expect
      .poll(() => panel.locator(`.codes li[data-code="${code}"]`).allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(/confirmed by admin@lantern\.local/)]));
  });

  it('updates an action with a reason, and records evidence', async () => {
    await go('/actions?overdue=1');
    await noSeriousViolations('actions');
    const row = page.locator('table.actions tbody tr').first();
    const number = (await row.locator('td').first().textContent())?.trim() as string;
    // Rows and fields are known by the action's id: numbers count within a partnership.
    const id = (await row.getAttribute('id'))?.replace(/^action-/, '') as string;
    await row.locator('button', { hasText: `Update action ${number}` }).click();
    await page.selectOption(`#status-${id}`, 'in-progress');
    await page.fill(`#reason-${id}`, 'Work began at the October board');
    await page
      .locator('form', { has: page.locator(`#status-${id}`) })
      .locator('button[type=submit]')
      .click();
    await page.waitForSelector(`[role=status]:text("Action ${number} saved.")`);
    await expect.poll(() => page.locator(`#action-${id} td`).nth(4).textContent()).toBe('in progress');
    await page.fill(`#summary-${id}`, 'Audit of 20 cases: 17 met the standard');
    await page
      .locator('form', { has: page.locator(`#summary-${id}`) })
      .locator('button[type=submit]')
      .click();
    await page.waitForSelector(`[role=status]:text("Evidence recorded on action ${number}.")`);
    await expect.poll(() => page.locator(`#action-${id} td`).nth(6).textContent()).toBe('1');
    await go('/actions?view=owners');
    await page.waitForSelector('section h2');
    await noSeriousViolations('actions-by-owner');
  });

  it('downloads a briefing as Word', async () => {
    await go('/reports');
    await noSeriousViolations('reports');
    await page.check('#kind-briefing');
    await page.check('#format-docx');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a.button:text("Download")'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^practice-learning-briefing-\d{4}-\d{2}-\d{2}\.docx$/);
    const path = join(tempDir(), 'briefing.docx');
    await download.saveAs(path);
    expect(readFileSync(path).subarray(0, 2).toString()).toBe('PK');
  });

  it('lists accounts for an administrator, with no way to disable their own', async () => {
    await go('/admin');
    await page.waitForSelector('h1:text("Accounts")');
    await page.waitForSelector('table caption');
    expect(await page.textContent('tbody')).toMatch(/admin@lantern\.local/);
    expect(await page.locator('tbody button:has-text("Disable")').count()).toBe(0);
    expect(await page.locator('#grant-partnership option').count()).toBeGreaterThan(0);
    await noSeriousViolations('accounts');
  });

  it('passes an accessibility check on the analysis and codebook pages too, with no script errors anywhere', async () => {
    await go('/analysis');
    await page.waitForSelector('#p');
    await noSeriousViolations('analysis');
    await go('/codebook');
    await page.waitForSelector('#codebook-text');
    await noSeriousViolations('codebook');
    expect(errors).toEqual([]);
  });
});
