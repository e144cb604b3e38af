import { waitFor } from '@iln/testing';
import { checkPage, startStack, type Stack, signedInSession, openCaseInWeb } from './harness';

// Issue 15: the access audit, end to end, with axe-core on every page visited; the CSV
// download holds what the API answers for the same filters.
jest.setTimeout(180_000);

const SOCIAL_WORKER = 'Alex Fictionby, practitioner, Grays';
const MANAGER = 'Taylor Exampleton, team manager, Grays';
const AUDITOR = 'Ari Checkley, auditor, all localities';

describe('the access audit', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const session = (who: string, path = '/') => signedInSession(stack, who, path);
  const auditorToken = async () => {
    const r = await fetch(`${stack.apiUrl}/api/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'p-auditor-1', name: 'Ari Checkley', roles: ['auditor'], organisation: 'thurrock-council', teams: [], localities: ['*'] }),
    });
    return ((await r.json()) as { accessToken: string }).accessToken;
  };

  it('an auditor finds who read a case, narrows it to one person and the dates, and downloads what the API holds', async () => {
    const worker = await session(SOCIAL_WORKER, '/cases/new');
    const p = worker.page;
    const { reference, caseId } = await openCaseInWeb(p, { givenName: 'Mabel', familyName: 'Sample', dateOfBirth: ['12', '8', '1944'], source: 'gp', reason: 'Carer unwell' });
    // Not an auditor: no audit.
    await p.goto('/audit');
    expect(await p.locator('h1').innerText()).toBe('Page not found');
    await worker.context.close();

    // The manager reads the case.
    const manager = await session(MANAGER, `/cases/${caseId}`);
    expect(await manager.page.locator('h1').innerText()).toBe('Mabel Sample');
    await manager.context.close();

    const { context, page } = await session(AUDITOR);
    await page.getByRole('link', { name: 'Access audit', exact: true }).click();
    expect(await page.locator('h1').innerText()).toBe('Access audit');
    await page.getByLabel('Case').fill(reference);
    await page.getByRole('button', { name: 'Search the audit' }).click();
    await waitFor(async () => (await page.locator('#audit tbody tr', { hasText: 'Taylor Exampleton' }).count()) > 0 || (await page.reload(), false), {
      timeoutMs: 10_000,
      intervalMs: 300,
      description: 'the manager’s read in the audit',
    });
    const rows = await page.locator('#audit tbody tr').allInnerTexts();
    expect(rows.some((r) => r.includes('Taylor Exampleton') && r.includes('Read') && r.includes('GET /api/cases/:id') && r.includes('200'))).toBe(true);
    expect(rows.some((r) => r.includes('Alex Fictionby') && r.includes('Change'))).toBe(true);
    expect(await checkPage(page, 'audit-case')).toEqual([]);

    // Narrowed to the manager and today.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    await page.getByLabel('Person').selectOption({ label: 'Taylor Exampleton' });
    await page.getByLabel('From').fill(today);
    await page.getByLabel('To').fill(today);
    await page.getByRole('button', { name: 'Search the audit' }).click();
    const mine = await page.locator('#audit tbody tr').allInnerTexts();
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.includes('Taylor Exampleton'))).toBe(true);

    // The CSV: the API's entries for the same filters, row for row.
    const href = (await page.getByRole('link', { name: /Download as CSV/ }).getAttribute('href'))!;
    const csv = await context.request.get(href);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('occurredAt,userId,name,roles,organisation,caseId,kind,action,outcome,requestId');
    const api = await fetch(`${stack.apiUrl}/api/audit/access?caseId=${caseId}&userId=p-grays-3&pageSize=200`, { headers: { authorization: `Bearer ${await auditorToken()}` } });
    const fromApi = ((await api.json()) as { items: Array<{ auditId: string; occurredAt: string; action: string; outcome: number }> }).items;
    expect(lines.slice(1).map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')))).toEqual(
      fromApi.map((i) => [i.occurredAt, 'p-grays-3', 'Taylor Exampleton', 'team-manager', 'thurrock-council', caseId, expect.any(String), i.action, String(i.outcome), expect.any(String)]),
    );

    // A date that is not real: the error summary, nothing searched.
    await page.getByLabel('From').fill('2026-02-30');
    await page.getByRole('button', { name: 'Search the audit' }).click();
    expect(await page.locator('.govuk-error-summary').getByRole('link', { name: 'From must be a real date, like 2026-11-30' }).getAttribute('href')).toBe('#from');
    expect(await page.getByLabel('From').inputValue()).toBe('2026-02-30');
    expect(await checkPage(page, 'audit-errors')).toEqual([]);
    await context.close();
  });
});
