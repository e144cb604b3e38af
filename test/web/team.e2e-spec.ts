import type { Page } from 'playwright-core';
import { waitFor } from '@iln/testing';
import { PERSONAS } from '../../apps/web/src/personas';
import { checkPage, startStack, type Stack, signedInSession, openCaseInWeb } from './harness';

// Issue 15: a team manager's /team page, end to end through the web app, the API, the worker
// and the read models, with axe-core on every page visited.
jest.setTimeout(180_000);

const SOCIAL_WORKER = 'Alex Fictionby, practitioner, Grays';
const MANAGER = 'Taylor Exampleton, team manager, Grays';
const OTHER_MANAGER = PERSONAS.find((p) => p.name === 'Jordan Demoford')!.label;

describe('the team page', () => {
  let stack: Stack;

  beforeAll(async () => {
    // An unallocated case is overdue after 2 seconds and escalated 2 seconds later.
    stack = await startStack({ followUpPolicy: { 'allocate-coordinator': 'PT2S', 'escalation-grace': 'PT2S' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const session = (who: string, path = '/') => signedInSession(stack, who, path);
  const rowOf = (page: Page, section: string, text: string) => page.locator(`table[aria-labelledby="${section}"] tbody tr`, { hasText: text });

  it('a manager sees the escalation and allocates from /team; a practitioner and another locality’s manager may not', async () => {
    const worker = await session(SOCIAL_WORKER, '/cases/new');
    const p = worker.page;
    const { reference } = await openCaseInWeb(p, { givenName: 'Edith', familyName: 'Sample', dateOfBirth: ['9', '11', '1939'], source: 'gp', reason: 'Struggling with stairs' });
    expect(reference).toMatch(/^ILN-GRA-\d{6}$/);
    // Not a manager: no Team in the navigation, and the page is not found.
    expect(await p.getByRole('link', { name: 'Team', exact: true }).count()).toBe(0);
    await p.goto('/team');
    expect(await p.locator('h1').innerText()).toBe('Page not found');
    await worker.context.close();

    const { context, page } = await session(MANAGER);
    await page.getByRole('link', { name: 'Team', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe('/team');
    expect(await page.locator('h1').innerText()).toBe('Team');
    // The unallocated case goes overdue, then is escalated to the manager.
    await waitFor(
      async () => {
        await page.goto('/team');
        return (await rowOf(page, 'escalated', reference).count()) === 1;
      },
      { timeoutMs: 30_000, intervalMs: 500, description: 'the escalation on /team' },
    );
    expect(await rowOf(page, 'escalated', reference).innerText()).toMatch(/Allocate coordinator[\s\S]*Escalated/);
    const unallocated = rowOf(page, 'unallocated', reference);
    expect(await unallocated.count()).toBe(1);
    expect(await unallocated.innerText()).toContain('Edith Sample');
    await checkPage(page, 'team').then((v) => expect(v).toEqual([]));

    // Sent without a choice: an error summary linking to that row's select.
    await page.getByRole('button', { name: `Allocate ${reference}` }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.locator('h2').innerText()).toBe('There is a problem');
    const link = summary.getByRole('link', { name: 'Choose a practitioner to allocate' });
    const target = (await link.getAttribute('href'))!;
    expect(await page.locator(target).count()).toBe(1);
    expect(await page.title()).toMatch(/^Error: Team/);
    await checkPage(page, 'team-errors').then((v) => expect(v).toEqual([]));

    // Another locality's manager cannot allocate it, even with a hand-made form naming one of their own people: the API refuses.
    const other = await session(OTHER_MANAGER, '/team');
    expect(await rowOf(other.page, 'unallocated', reference).count()).toBe(0);
    const csrf = await other.page.locator('input[name="_csrf"]').first().inputValue();
    const caseId = (await unallocated.locator('input[name="caseId"]').inputValue());
    const refused = await other.context.request.post('/team/allocate', { form: { _csrf: csrf, caseId, localityId: 'grays', practitionerId: 'p-asop-1' }, maxRedirects: 0 });
    expect(refused.status()).toBe(404);
    await other.context.close();

    await page.getByLabel(`Coordinator for ${reference}`).selectOption({ label: 'Alex Fictionby' });
    await page.getByRole('button', { name: `Allocate ${reference}` }).click();
    // Read your writes: back on /team, the case is allocated and counted in Alex's caseload.
    expect(new URL(page.url()).pathname).toBe('/team');
    expect(await rowOf(page, 'unallocated', reference).count()).toBe(0);
    await waitFor(
      async () => {
        await page.goto('/team');
        const alex = page.locator('table[aria-labelledby="caseloads"] tbody tr', { hasText: 'Alex Fictionby' });
        return (await alex.count()) === 1 && (await alex.locator('td').first().innerText()) === '1' && (await rowOf(page, 'escalated', reference).count()) === 0;
      },
      { timeoutMs: 15_000, intervalMs: 300, description: 'the caseload counts the allocation and the escalation is answered' },
    );
    await checkPage(page, 'team-allocated').then((v) => expect(v).toEqual([]));
    await context.close();
  });
});
