import { checkPage, startStack, type Stack, signedInSession, openCaseInWeb } from './harness';

// Issue 15: the dashboards, end to end, with axe-core on every page visited; the charts', the
// table's and the CSV's figures are the API's.
jest.setTimeout(180_000);

const SOCIAL_WORKER = 'Alex Fictionby, practitioner, Grays';
const MANAGER = 'Taylor Exampleton, team manager, Grays';
const AUDITOR = 'Ari Checkley, auditor, all localities';

type Measure = { value: number | null; suppressed?: true; definition: string };

describe('the dashboards', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const session = (who: string, path = '/') => signedInSession(stack, who, path);
  const apiDashboard = async (path: string) => {
    const r = await fetch(`${stack.apiUrl}/api/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'p-auditor-1', name: 'Ari Checkley', roles: ['auditor'], organisation: 'thurrock-council', teams: [], localities: ['*'] }),
    });
    const { accessToken } = (await r.json()) as { accessToken: string };
    return (await (await fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { from: string; to: string; measures: Record<string, Measure> & { specialistInputs: Record<string, Measure> } };
  };

  it('an auditor reads the borough’s measures as charts, a table and a CSV that all equal the API’s; a manager gets their locality; a practitioner none', async () => {
    const worker = await session(SOCIAL_WORKER, '/cases/new');
    const p = worker.page;
    await openCaseInWeb(p, { givenName: 'Nora', familyName: 'Sample', dateOfBirth: ['5', '6', '1938'], source: 'gp', reason: 'Lives alone' });
    await p.goto('/dashboard');
    expect(await p.locator('h1').innerText()).toBe('Page not found');
    await worker.context.close();

    const { context, page } = await session(AUDITOR);
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    expect(await page.locator('.govuk-caption-l').innerText()).toBe('The borough');
    const api = await apiDashboard('/api/dashboard');
    // Every measure in the table, with its definition and figure.
    const flat: Array<[string, Measure]> = [];
    for (const [k, m] of Object.entries(api.measures)) {
      if (m && typeof m === 'object' && 'definition' in m) flat.push([k, m as Measure]);
      else if (k === 'specialistInputs') for (const [k2, m2] of Object.entries(m as Record<string, Measure>)) flat.push([`${k}.${k2}`, m2]);
    }
    for (const [key, m] of flat) {
      const row = page.locator(`#measures tr[data-key="${key}"]`);
      expect(await row.locator('td').nth(1).innerText()).toBe(m.definition);
      expect(await row.locator('td').first().innerText()).toBe(m.suppressed ? 'Fewer than 5 (suppressed)' : m.value === null ? 'No value' : String(m.value));
    }
    expect(api.measures.openCases.value).toBeGreaterThanOrEqual(1);
    // The charts' bars carry the API's figures.
    const bars = await page.locator('svg.app-chart g.app-bar').evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-label'), g.getAttribute('data-value')]));
    expect(bars.length).toBeGreaterThan(5);
    const brokered = bars.find(([l]) => l === 'Specialist input: brokered');
    expect(brokered?.[1]).toBe(String(api.measures.specialistInputs.brokered!.value));
    const reviews = bars.find(([l]) => l === 'Reviews on time');
    expect(reviews?.[1]).toBe(api.measures.reviewsOnTimePercent.value === null ? '' : String(api.measures.reviewsOnTimePercent.value));
    // The trend: each week's bar is the API's figure for that week.
    const trend = await page.locator('svg#trend-1 g.app-bar').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-value')));
    expect(trend.length).toBeGreaterThanOrEqual(2);
    const lastWeekFrom = new Date(Date.parse(`${api.to}T12:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    const lastWeek = await apiDashboard(`/api/dashboard?from=${lastWeekFrom}&to=${api.to}`);
    expect(trend[trend.length - 1]).toBe(lastWeek.measures.reviewsOnTimePercent.value === null ? '' : String(lastWeek.measures.reviewsOnTimePercent.value));
    const allocation = await page.locator('svg#trend-0 g.app-bar').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-value')));
    expect(allocation[allocation.length - 1]).toBe(lastWeek.measures.averageDaysToAllocation.value === null ? '' : String(lastWeek.measures.averageDaysToAllocation.value));
    expect(await checkPage(page, 'dashboard-borough')).toEqual([]);

    // The CSV: one line a measure, the API's figures.
    const csv = await context.request.get((await page.getByRole('link', { name: 'Download the figures as CSV' }).getAttribute('href'))!);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n').slice(1).map((l) => l.match(/"((?:[^"]|"")*)"/g)!.map((c) => c.slice(1, -1).replace(/""/g, '"')));
    const byKey = new Map(lines.map((l) => [l[0], l]));
    for (const [key, m] of flat) {
      expect(byKey.get(key)?.[2]).toBe(m.suppressed || m.value === null ? '' : String(m.value));
      expect(byKey.get(key)?.[4]).toBe(m.definition);
    }

    // A period: the API's figures for it; a day that is not real is refused with the form kept.
    await page.getByLabel('From', { exact: true }).fill('2026-11-01');
    await page.getByLabel('To', { exact: true }).fill('2026-11-30');
    await page.getByRole('button', { name: 'Show the period' }).click();
    expect(await page.getByText('From 1 November 2026 to 30 November 2026').count()).toBe(1);
    const november = await apiDashboard('/api/dashboard?from=2026-11-01&to=2026-11-30');
    expect(await page.locator('#measures tr[data-key="casesOpened"] td').first().innerText()).toBe(String(november.measures.casesOpened.value));
    await page.getByLabel('To', { exact: true }).fill('2026-11-31');
    await page.getByRole('button', { name: 'Show the period' }).click();
    expect(await page.locator('.govuk-error-summary').getByRole('link', { name: 'To must be a real date, like 2026-11-30' }).count()).toBe(1);
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('2026-11-31');
    expect(await checkPage(page, 'dashboard-errors')).toEqual([]);
    await context.close();

    const manager = await session(MANAGER, '/dashboard');
    expect(new URL(manager.page.url()).pathname).toBe('/localities/grays/dashboard');
    expect(await manager.page.locator('.govuk-caption-l').innerText()).toBe('Grays');
    const grays = await apiDashboard('/api/localities/grays/dashboard');
    expect(await manager.page.locator('#measures tr[data-key="openCases"] td').first().innerText()).toBe(String(grays.measures.openCases.value));
    expect(await checkPage(manager.page, 'dashboard-locality')).toEqual([]);
    // Another locality's dashboard is not the manager's.
    await manager.page.goto('/localities/asop/dashboard');
    expect(await manager.page.locator('h1').innerText()).toBe('Page not found');
    await manager.context.close();
  });
});
