import type { Page } from 'playwright-core';
import { waitFor } from '@iln/testing';
import { checkPage, startStack, type Stack, signedInSession, openCaseInWeb } from './harness';

// Issue 15: the specialist input board, end to end, with axe-core on every page visited.
jest.setTimeout(180_000);

const SOCIAL_WORKER = 'Alex Fictionby, practitioner, Grays';
const MANAGER = 'Taylor Exampleton, team manager, Grays';
const NELFT_NURSE = 'Jesse Nursington, community nurse (NELFT), partner, all localities';

describe('the specialist input board', () => {
  let stack: Stack;

  beforeAll(async () => {
    // A mental health crisis request must be answered within 2 seconds (the service's own target); a routine one within the default.
    stack = await startStack({ followUpPolicy: { 'specialist-input-crisis:mental-health': 'PT2S', 'allocate-coordinator': 'P30D' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const session = (who: string, path = '/') => signedInSession(stack, who, path);
  const request = async (page: Page, serviceId: string, urgency: string, words: string) => {
    await page.getByRole('link', { name: 'Request specialist input' }).click();
    await page.getByLabel('Service', { exact: true }).selectOption(serviceId);
    await page.getByLabel('Brokered').check();
    await page.getByLabel(urgency).check();
    await page.getByLabel('What you are asking for').fill(words);
    await page.getByRole('button', { name: 'Send request' }).click();
  };

  it('a manager sees the overdue request first and filters by service; a practitioner may not see the board', async () => {
    const worker = await session(SOCIAL_WORKER, '/cases/new');
    const p = worker.page;
    const { reference } = await openCaseInWeb(p, { givenName: 'Olive', familyName: 'Sample', dateOfBirth: ['3', '4', '1941'], source: 'gp', reason: 'Falls and low mood' });
    await request(p, 'falls', 'Routine', 'A home falls assessment');
    await request(p, 'mental-health', 'Crisis', 'An urgent mental health review');
    expect(await p.getByRole('link', { name: 'Specialist input', exact: true }).count()).toBe(0);
    await p.goto('/inputs');
    expect(await p.locator('h1').innerText()).toBe('Page not found');
    await worker.context.close();

    const { context, page } = await session(MANAGER);
    await page.getByRole('link', { name: 'Specialist input', exact: true }).click();
    expect(await page.locator('.govuk-caption-l').innerText()).toBe('Every service');
    let seen: string[] = [];
    await waitFor(
      async () => {
        await page.goto('/inputs');
        const rows = (seen = await page.locator('#board tbody tr').allInnerTexts());
        return rows.length === 2 && /Mental health[\s\S]*Overdue/.test(rows[0]!) && /Falls prevention[\s\S]*Requested/.test(rows[1]!) && !rows[1]!.includes('Overdue');
      },
      { timeoutMs: 30_000, intervalMs: 500, description: 'the overdue crisis request first on the board' },
    ).catch((e: Error) => {
      throw new Error(`${e.message}; the board: ${JSON.stringify(seen)}`);
    });
    expect(await page.locator('#board tbody tr').first().innerText()).toContain(reference);
    expect(await checkPage(page, 'inputs-manager')).toEqual([]);

    await page.getByLabel('Service', { exact: true }).selectOption('falls');
    await page.getByRole('button', { name: 'Show requests' }).click();
    expect(await page.locator('.govuk-caption-l').innerText()).toBe('Falls prevention');
    const rows = await page.locator('#board tbody tr').allInnerTexts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('Falls prevention');
    await page.getByLabel('Service', { exact: true }).selectOption('');
    await page.getByLabel('Overdue only').check();
    await page.getByRole('button', { name: 'Show requests' }).click();
    expect(await page.locator('#board tbody tr').allInnerTexts()).toEqual([expect.stringContaining('Mental health')]);
    await context.close();

    // A specialist's board opens on their own service; without consent it holds nothing of this case.
    const nurse = await session(NELFT_NURSE, '/inputs');
    expect(await nurse.page.locator('.govuk-caption-l').innerText()).toBe('Community nursing');
    expect(await nurse.page.getByText(reference).count()).toBe(0);
    expect(await checkPage(nurse.page, 'inputs-specialist')).toEqual([]);
    await nurse.context.close();
  });
});
