import { checkPage, newSession, signInAs, startStack, type Stack } from './harness';

// Issue 15: the queue dashboard (bull-board in the API) reached from a browser by an admin
// through the web session; the token stays on the server.
jest.setTimeout(180_000);

const ADMIN = 'Dana Configurer, admin, all localities';
const AUDITOR = 'Ari Checkley, auditor, all localities';

describe('the queue dashboard through the web app', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('an admin opens it from the navigation; others get "Page not found"; a change from another site is refused', async () => {
    const { context, page } = await newSession(stack);
    const refused: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text()) && /script/i.test(m.text())) refused.push(m.text());
    });
    // Signed out: to /sign-in, and back after.
    await page.goto('/admin/queues');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await signInAs(page, ADMIN);
    expect(new URL(page.url()).pathname).toBe('/admin/queues');
    // bull-board's own page draws the follow-up queue with its scripts (no inline script needed).
    await page.getByText('follow-ups').first().waitFor({ timeout: 15_000 });
    expect(refused).toEqual([]);
    expect(await page.context().cookies()).toEqual([expect.objectContaining({ name: 'iln.sid', httpOnly: true })]);

    const queues = await context.request.get('/admin/queues/api/queues');
    expect(queues.status()).toBe(200);
    expect(((await queues.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name)).toEqual(['follow-ups']);
    // A change (retry the failed jobs: there are none) from this origin passes; from another, refused.
    const same = await context.request.put('/admin/queues/api/queues/follow-ups/retry/failed', { headers: { origin: stack.webUrl } });
    expect(same.status()).toBeLessThan(300);
    const cross = await context.request.put('/admin/queues/api/queues/follow-ups/retry/failed', { headers: { origin: 'https://elsewhere.example' } });
    expect(cross.status()).toBe(403);

    // From My work's navigation.
    await page.goto('/');
    await page.getByRole('link', { name: 'Queues', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe('/admin/queues');
    await page.goto('/');
    expect(await checkPage(page, 'my-work-admin-queues')).toEqual([]);
    await context.close();

    const auditor = await newSession(stack);
    await auditor.page.goto('/admin/queues');
    await signInAs(auditor.page, AUDITOR);
    expect(await auditor.page.locator('h1').innerText()).toBe('Page not found');
    expect(await auditor.page.getByRole('link', { name: 'Queues', exact: true }).count()).toBe(0);
    const api = await auditor.context.request.get('/admin/queues/api/queues');
    expect(api.status()).toBe(404);
    await auditor.context.close();
  });
});
