import type { Page } from 'playwright-core';
import { waitFor } from '@iln/testing';
import { checkPage, startStack, type Stack, signedInSession, openCaseInWeb } from './harness';

// Issue 15: the safeguarding register, end to end, with axe-core on every page visited.
jest.setTimeout(180_000);

const SOCIAL_WORKER = 'Alex Fictionby, practitioner, Grays';
const MANAGER = 'Taylor Exampleton, team manager, Grays';
const LEAD = 'Robin Dummigan, safeguarding lead, Grays';
const CONCERN = 'Says her son takes her money and shouts at her';

describe('the safeguarding register', () => {
  let stack: Stack;

  beforeAll(async () => {
    // A decision is overdue 2 seconds after the concern is raised.
    stack = await startStack({ followUpPolicy: { 'safeguarding-decision': 'PT2S', 'safeguarding-decision-high': 'PT2S', 'allocate-coordinator': 'P30D' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const session = (who: string, path = '/') => signedInSession(stack, who, path);
  const rowOf = (page: Page, text: string) => page.locator('#register tbody tr', { hasText: text });

  it('a safeguarding lead sees the overdue decision first and decides from the register; a manager sees no detail and no decision; a practitioner may not see it', async () => {
    const worker = await session(SOCIAL_WORKER, '/cases/new');
    const p = worker.page;
    const { reference } = await openCaseInWeb(p, { givenName: 'Iris', familyName: 'Sample', dateOfBirth: ['1', '5', '1936'], source: 'family', reason: 'Not eating well' });
    await p.getByRole('link', { name: 'Raise a safeguarding concern' }).click();
    await p.getByLabel('Financial').check();
    await p.getByLabel('High').check();
    await p.getByLabel('What happened').fill(CONCERN);
    await p.getByRole('button', { name: 'Raise concern' }).click();
    expect(await p.getByText('Safeguarding concern', { exact: true }).count()).toBe(1);
    expect(await p.getByRole('link', { name: 'Safeguarding', exact: true }).count()).toBe(0);
    await p.goto('/safeguarding');
    expect(await p.locator('h1').innerText()).toBe('Page not found');
    await worker.context.close();

    const { context, page } = await session(LEAD);
    await page.getByRole('link', { name: 'Safeguarding', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe('/safeguarding');
    await waitFor(
      async () => {
        await page.goto('/safeguarding');
        const first = page.locator('#register tbody tr').first();
        return (await first.count()) === 1 && (await first.innerText()).includes(reference) && (await first.innerText()).includes('Overdue');
      },
      { timeoutMs: 30_000, intervalMs: 500, description: 'the overdue decision first on the register' },
    );
    expect(await rowOf(page, reference).innerText()).toMatch(/High[\s\S]*Awaiting decision/);
    // The register never shows the concern's words.
    expect(await page.getByText(CONCERN).count()).toBe(0);
    expect(await checkPage(page, 'safeguarding-register')).toEqual([]);

    await page.getByRole('link', { name: `Decide on the concern for ${reference}` }).click();
    await page.getByLabel('Yes').check();
    await page.getByLabel('Rationale').fill('Possible financial abuse by a relative');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByRole('link', { name: 'Safeguarding', exact: true }).click();
    const row = rowOf(page, reference);
    expect(await row.innerText()).toContain('Enquiry open');
    expect(await row.innerText()).not.toContain('Overdue');
    // The enquiry's deadline: the follow-up the deciding lead now owns (20 working days by default).
    expect(await row.locator('td').nth(5).innerText()).toMatch(/^\d{1,2} [A-Z][a-z]+ 20\d\d at \d{1,2}:\d\d[ap]m$/);
    expect(await row.getByRole('link', { name: `Conclude the enquiry for ${reference}` }).count()).toBe(1);
    // Only open enquiries: the filter.
    await page.getByLabel('Status').selectOption('awaiting-decision');
    await page.getByRole('button', { name: 'Show concerns' }).click();
    expect(await rowOf(page, reference).count()).toBe(0);
    expect(await checkPage(page, 'safeguarding-register-filtered')).toEqual([]);
    await context.close();

    const manager = await session(MANAGER, '/safeguarding');
    expect(await rowOf(manager.page, reference).innerText()).toContain('Enquiry open');
    expect(await manager.page.getByRole('link', { name: /^Conclude/ }).count()).toBe(0);
    expect(await checkPage(manager.page, 'safeguarding-register-manager')).toEqual([]);
    await manager.context.close();
  });
});
