import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { upsertReferenceData } from '@iln/case-coordination/seed/reference-data.seed';
import { createTestDatabase, freePort, startCompiled, testRedisUrl, waitForHttp, type RunningProcess, type TestDatabase } from '@iln/testing';

// The web app end to end: the compiled API, worker and web processes on a fresh database
// and real Redis, driven by Debian's chromium (npm test installs it when missing).

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = resolve(__dirname, '..', '..', 'docs', 'screenshots');
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export interface Stack {
  webUrl: string;
  apiUrl: string;
  api: RunningProcess;
  worker: RunningProcess;
  web: RunningProcess;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startStack(
  options: { followUpPolicy?: Record<string, string>; apiEnv?: NodeJS.ProcessEnv; webEnv?: NodeJS.ProcessEnv; webPort?: number } = {},
): Promise<Stack> {
  const db: TestDatabase = await createTestDatabase();
  const pool = new Pool({ connectionString: db.url, max: 2 });
  await upsertReferenceData(pool);
  await pool.end();
  const scratch = mkdtempSync(join(tmpdir(), 'iln-web-'));
  const policyFile = join(scratch, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(options.followUpPolicy ?? {}));
  const [apiPort, webPort, workerPort] = [await freePort(), options.webPort ?? (await freePort()), await freePort()];
  const prefix = `iln-web-${randomUUID().slice(0, 8)}`;
  const common = { NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, FOLLOW_UP_POLICY_FILE: policyFile };
  const api = startCompiled('apps/api/src/main.js', { ...common, PORT: String(apiPort), ...options.apiEnv });
  const worker = startCompiled('apps/worker/src/main.js', { ...common, WORKER_PORT: String(workerPort) });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const web = startCompiled('apps/web/src/main.js', {
    NODE_ENV: 'test',
    REDIS_URL: testRedisUrl(),
    WEB_PORT: String(webPort),
    API_URL: apiUrl,
    WEB_SESSION_PREFIX: `${prefix}:sess:`,
    ...options.webEnv,
  });
  const processes = [api, worker, web];
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    await Promise.all(processes.map((p) => p.stop()));
    await db.drop();
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await Promise.all([waitForHttp(`${apiUrl}/health/ready`, 60_000), waitForHttp(`http://127.0.0.1:${workerPort}/health/live`, 60_000), waitForHttp(`http://127.0.0.1:${webPort}/health/live`, 60_000)]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      // A fresh --user-data-dir: playwright makes one per launch itself (and refuses the flag).
    });
  } catch (e) {
    const out = processes.map((p) => p.output()).join('\n');
    await stop();
    throw new Error(`the stack did not start: ${String(e)}\n${out.slice(-3000)}`);
  }
  return { webUrl: `http://127.0.0.1:${webPort}`, apiUrl, api, worker, web, browser, stop };
}

/** A fresh browser session (its own cookies), signed out. */
export async function newSession(stack: Stack, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await stack.browser.newContext({
    baseURL: stack.webUrl,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: 1100, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  // Pages answer in well under a second here: a missing element fails fast.
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  return { context, page };
}

/** Signs in with the dev persona picker, from wherever the page is (a signed-out visit lands on /sign-in). */
export async function signInAs(page: Page, label: string): Promise<void> {
  if (!page.url().includes('/sign-in')) await page.goto('/sign-in');
  await page.getByRole('button', { name: label, exact: true }).click();
}

/**
 * Fills "Open a case" (the page must be /cases/new) and sends it as a practitioner would, in
 * Grays; answers the new case's reference and id from the case page it lands on.
 */
export async function openCaseInWeb(
  page: Page,
  resident: { givenName: string; familyName: string; dateOfBirth: [day: string, month: string, year: string]; source: string; reason: string },
): Promise<{ reference: string; caseId: string; path: string }> {
  await page.getByLabel('Given name').fill(resident.givenName);
  await page.getByLabel('Family name').fill(resident.familyName);
  await page.getByLabel('Day').fill(resident.dateOfBirth[0]);
  await page.getByLabel('Month').fill(resident.dateOfBirth[1]);
  await page.getByLabel('Year').fill(resident.dateOfBirth[2]);
  await page.getByLabel('Locality').selectOption('grays');
  await page.getByLabel('How did they come to us').selectOption(resident.source);
  await page.getByLabel('Reason', { exact: true }).fill(resident.reason);
  await page.getByRole('button', { name: 'Open case' }).click();
  const reference = await page.locator('.govuk-caption-l').innerText();
  const path = new URL(page.url()).pathname;
  return { reference, caseId: path.split('/')[2]!, path };
}

/** A fresh browser session that opens `path`, is sent to sign-in, and comes back signed in as `who`. */
export async function signedInSession(stack: Stack, who: string, path = '/'): Promise<{ context: BrowserContext; page: Page }> {
  const s = await newSession(stack);
  await s.page.goto(path);
  await signInAs(s.page, who);
  return s;
}

export interface AxeFinding {
  page: string;
  id: string;
  targets: string[];
}

/**
 * axe-core with the WCAG 2.2 AA tags on the page as it is, and a screenshot of it when
 * UPDATE_SCREENSHOTS=1 (docs/screenshots, linked from the README).
 */
export async function checkPage(page: Page, name: string): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }
  return result.violations.map((v) => ({ page: `${name} (${new URL(page.url()).pathname})`, id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
}
