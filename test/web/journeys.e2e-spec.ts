import type { Page } from 'playwright-core';
import { waitFor } from '@iln/testing';
import { checkPage, newSession, signInAs, startStack, type Stack, signedInSession, openCaseInWeb } from './harness';
import { formatDate } from '../../apps/web/src/format';

// One journey per persona (issue 14, UI.md), end to end through the web app, the API, the
// worker and the read models, with axe-core on every page visited: 0 violations.
jest.setTimeout(240_000);

const SOCIAL_WORKER = 'Alex Fictionby, practitioner, Grays';
const MANAGER = 'Taylor Exampleton, team manager, Grays';
const LEAD = 'Robin Dummigan, safeguarding lead, Grays';
const NELFT_NURSE = 'Jesse Nursington, community nurse (NELFT), partner, all localities';
const EPUT_NURSE = 'Morgan Mindwell, mental health nurse (EPUT), partner, all localities';
const FRONT_DOOR = 'Frankie Frontwell, front door, all localities';
const AUDITOR = 'Ari Checkley, auditor, all localities';
const ADMIN = 'Dana Configurer, admin, all localities';
const CONCERN = 'Bruising seen on both arms; says a neighbour takes her pension card';

describe('the practitioner web app', () => {
  let stack: Stack;
  let caseUrl = '';
  let reference = '';
  let beforeTheConcern = '';
  let bobUrl = '';

  beforeAll(async () => {
    // An unallocated case is overdue after 2 seconds and escalated 2 seconds later.
    stack = await startStack({ followUpPolicy: { 'allocate-coordinator': 'PT2S', 'escalation-grace': 'PT2S' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const accessible = async (page: Page, name: string) => {
    expect(await checkPage(page, name)).toEqual([]);
  };
  const session = (who: string, path = '/') => signedInSession(stack, who, path);

  it('a social worker opens a case: mistakes are shown in an error summary with what was typed kept', async () => {
    const { context, page } = await newSession(stack);
    // A signed-out visit goes to /sign-in, and back after.
    await page.goto('/cases/new');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await accessible(page, 'sign-in');
    await signInAs(page, SOCIAL_WORKER);
    expect(new URL(page.url()).pathname).toBe('/cases/new');
    await accessible(page, 'open-a-case');

    await page.getByLabel('Given name').fill('Ada');
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('1948');
    await page.getByRole('button', { name: 'Open case' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.locator('h2').innerText()).toBe('There is a problem');
    const problems = await summary.locator('li').allInnerTexts();
    expect(problems).toEqual(expect.arrayContaining(['Enter their family name (up to 100 characters)', 'Date of birth must be a real date in the past', 'Choose a locality']));
    expect(await summary.getByRole('link', { name: 'Date of birth must be a real date in the past' }).getAttribute('href')).toBe('#dateOfBirth-day');
    expect(await page.getByLabel('Given name').inputValue()).toBe('Ada');
    expect(await page.getByLabel('Day').inputValue()).toBe('31');
    expect(await page.title()).toMatch(/^Error: Open a case/);
    await accessible(page, 'open-a-case-errors');

    await page.getByLabel('Family name').fill('Example');
    await page.getByLabel('Day').fill('14');
    await page.getByLabel('Month').fill('3');
    await page.getByLabel('NHS number').fill('943 476 5919');
    await page.getByLabel('Postcode').fill('RM17 6XX');
    await page.getByLabel('Locality').selectOption('grays');
    await page.getByLabel('How did they come to us').selectOption('gp');
    await page.getByLabel('Reason', { exact: true }).fill('Two falls at home this month');
    await page.getByLabel('What matters to them').fill('Staying in my own home with my cat');
    await page.getByRole('button', { name: 'Open case' }).click();

    // Read your writes: the case page shows the case just opened.
    expect(await page.locator('h1').innerText()).toBe('Ada Example');
    reference = await page.locator('.govuk-caption-l').innerText();
    expect(reference).toMatch(/^ILN-GRA-\d{6}$/);
    expect(await summaryValue(page, 'Coordinator')).toBe('Not allocated');
    expect(await summaryValue(page, 'Date of birth')).toBe('14 March 1948');
    caseUrl = new URL(page.url()).pathname;
    // A practitioner is not offered a manager's allocation... but is offered a concern, a note.
    expect(await page.getByRole('link', { name: 'Raise a safeguarding concern' }).count()).toBe(1);
    await accessible(page, 'case-new');

    // Found by search, by name.
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByLabel('Name or reference').fill('ada exa');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await page.getByRole('link', { name: reference }).count()).toBe(1);
    await accessible(page, 'cases-search');
    await context.close();
  });

  it('a manager allocates a coordinator', async () => {
    const { context, page } = await session(MANAGER, caseUrl);
    expect(new URL(page.url()).pathname).toBe(caseUrl);
    await page.getByRole('link', { name: 'Allocate a coordinator' }).click();
    await accessible(page, 'allocate');
    // Sent without a choice: the API's field error, in words.
    await page.getByRole('button', { name: 'Allocate' }).click();
    expect(await page.locator('.govuk-error-summary h2').innerText()).toBe('There is a problem');
    await page.getByLabel('Coordinator').selectOption({ label: 'Alex Fictionby' });
    await page.getByRole('button', { name: 'Allocate' }).click();
    expect(new URL(page.url()).pathname).toBe(caseUrl);
    expect(await summaryValue(page, 'Coordinator')).toBe('Alex Fictionby, Community Led Support Grays');
    expect(await page.getByRole('link', { name: 'Allocate a coordinator' }).count()).toBe(0);
    await context.close();
  });

  it('the coordinator drafts and agrees a plan with the resident, and brokers an input the specialist accepts and delivers', async () => {
    const { context, page } = await session(SOCIAL_WORKER, caseUrl);
    await page.getByRole('link', { name: 'See the care plan' }).click();
    await accessible(page, 'care-plan-empty');
    await page.getByRole('link', { name: 'Draft the plan' }).click();
    await page.getByLabel('What matters to them').fill('Staying in my own home with my cat');
    await page.locator('#goals-0-description').fill('Move safely around the house');
    await page.locator('#goals-0-targetDate').fill('2027-03-31');
    await page.locator('#actions-0-description').fill('Falls assessment at home');
    await page.locator('#actions-0-ownerKind').selectOption('team');
    await page.locator('#actions-0-ownerName').fill('Community nursing');
    await page.locator('#actions-0-dueDate').fill('2027-01-15');
    await page.getByLabel('Informal support').fill('Daughter visits on Sundays');
    await accessible(page, 'care-plan-edit');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    expect(await page.locator('h1').innerText()).toBe('Care plan');
    expect(await page.getByText('Draft', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('cell', { name: 'Move safely around the house' }).count()).toBe(1);

    await page.getByRole('link', { name: 'Agree the plan with the resident' }).click();
    await page.getByRole('button', { name: 'Agree plan' }).click();
    // Not ticked: the API refuses, the form says why.
    expect(await page.locator('.govuk-error-summary h2').innerText()).toBe('There is a problem');
    await page.getByLabel('The resident agreed this plan').check();
    await page.getByRole('button', { name: 'Agree plan' }).click();
    await page.goto(`${caseUrl}/care-plan`);
    expect(await page.getByText('Agreed with the resident', { exact: true }).count()).toBe(1);

    // A second version, then both side by side.
    await page.getByRole('link', { name: 'Edit the plan as a new version' }).click();
    expect(await page.locator('#goals-0-description').inputValue()).toBe('Move safely around the house');
    await page.locator('#goals-1-description').fill('Get to the Thursday lunch club');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    expect(await page.getByRole('heading', { name: 'Versions side by side' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: /^Version \d+ \(draft\)$/ }).count()).toBeGreaterThanOrEqual(1);
    await accessible(page, 'care-plan');

    // The NELFT nurse joins the care team, with consent to share with NELFT.
    await page.goto(caseUrl);
    await page.getByRole('link', { name: 'Add someone to the care team' }).click();
    await page.getByLabel('Their user id').fill('p-nelft-1');
    await page.getByLabel('Name', { exact: true }).fill('Jesse Nursington');
    await page.getByLabel('Organisation').selectOption('nelft');
    await page.getByLabel('Role').fill('community nurse');
    await page.getByRole('button', { name: 'Add to care team' }).click();
    expect(await page.getByRole('cell', { name: 'Jesse Nursington' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Record consent to share' }).click();
    await page.getByLabel('Given').check();
    await page.getByLabel('NELFT').check();
    await accessible(page, 'consent');
    await page.getByRole('button', { name: 'Record consent' }).click();
    expect(await page.getByRole('row', { name: /^NELFT\s+Given\b/ }).count()).toBe(1);

    await page.getByRole('link', { name: 'Request specialist input' }).click();
    await page.getByLabel('Service', { exact: true }).selectOption('community-nursing');
    await page.getByLabel('Brokered').check();
    await page.getByLabel('Urgent').check();
    await page.getByLabel('What you are asking for').fill('A falls assessment and a pendant alarm');
    await page.getByRole('button', { name: 'Send request' }).click();
    expect(await page.getByRole('cell', { name: 'Community nursing (urgent)' }).count()).toBe(1);
    await context.close();

    // The specialist: the input is on My work; accepted, then delivered.
    const nurse = await session(NELFT_NURSE);
    const work = nurse.page;
    expect(await work.locator('h1').innerText()).toBe('My work');
    expect(await work.getByRole('cell', { name: 'Input your service must answer' }).count()).toBe(1);
    await accessible(work, 'my-work-specialist');
    await work.getByRole('link', { name: reference }).click();
    // A partner may not allocate, close or transfer.
    expect(await work.getByRole('link', { name: 'Close the case' }).count()).toBe(0);
    await work.getByRole('link', { name: 'Accept the request for input' }).click();
    await work.getByRole('button', { name: 'Accept' }).click();
    expect(await work.getByText('Accepted', { exact: true }).count()).toBe(1);
    await work.getByRole('link', { name: 'Record the input delivered' }).click();
    await work.getByLabel('What the input added to the plan').fill('Assessed; pendant alarm fitted; rails on the stairs ordered');
    await work.getByRole('button', { name: 'Record delivery' }).click();
    expect(await work.getByText('Delivered', { exact: true }).count()).toBe(1);
    await accessible(work, 'case-partner');
    await nurse.context.close();
  });

  it('a concern raised by the coordinator shows in detail only on the safeguarding lead’s (and the raiser’s) page', async () => {
    beforeTheConcern = new Date().toISOString();
    const coordinator = await session(SOCIAL_WORKER, caseUrl);
    await coordinator.page.getByRole('link', { name: 'Raise a safeguarding concern' }).click();
    await coordinator.page.getByLabel('Financial').check();
    await coordinator.page.getByLabel('Physical').check();
    await coordinator.page.getByLabel('High').check();
    await coordinator.page.getByLabel('What happened').fill(CONCERN);
    await accessible(coordinator.page, 'raise-concern');
    await coordinator.page.getByRole('button', { name: 'Raise concern' }).click();
    expect(await coordinator.page.getByText('Safeguarding concern', { exact: true }).count()).toBe(1);
    expect(await coordinator.page.getByText(CONCERN).count()).toBe(1);

    // Lifting the flag while the concern is undecided: the API's 409, in words.
    await coordinator.page.getByRole('link', { name: 'Lift the safeguarding flag' }).click();
    await coordinator.page.getByLabel('Reason').fill('Resolved');
    await coordinator.page.getByRole('button', { name: 'Lift flag' }).click();
    const summary = coordinator.page.locator('.govuk-error-summary');
    // The API's 409 title and detail.
    expect(await summary.locator('h2').innerText()).toBe('Conflict');
    expect(await summary.locator('li').allInnerTexts()).toEqual(['A safeguarding concern awaits a decision or an enquiry is open.']);
    expect(await coordinator.page.getByLabel('Reason').inputValue()).toBe('Resolved');
    await accessible(coordinator.page, 'conflict');
    await coordinator.context.close();

    const manager = await session(MANAGER, caseUrl);
    expect(await manager.page.getByText('Safeguarding concern', { exact: true }).count()).toBe(1);
    expect(await manager.page.getByText(CONCERN).count()).toBe(0);
    expect(await manager.page.getByText(/Its detail is for the safeguarding lead/).count()).toBe(1);
    expect(await manager.page.getByRole('link', { name: 'Decide on the concern' }).count()).toBe(0);
    await accessible(manager.page, 'case-manager');
    await manager.context.close();

    const lead = await session(LEAD, caseUrl);
    expect(await lead.page.getByText(CONCERN).count()).toBe(1);
    await lead.page.getByRole('link', { name: 'Decide on the concern' }).click();
    await lead.page.getByLabel('Yes').check();
    await lead.page.getByLabel('Rationale').fill('Possible financial abuse by a neighbour');
    await lead.page.getByRole('button', { name: 'Record decision' }).click();
    expect(await lead.page.getByRole('cell', { name: 'Enquiry open' }).count()).toBe(1);
    await accessible(lead.page, 'case-safeguarding-lead');

    // The timeline, the printable summary and the case as it stood this morning.
    await lead.page.getByRole('link', { name: 'Timeline', exact: true }).click();
    expect(await lead.page.getByRole('cell', { name: 'Case opened', exact: true }).count()).toBe(1);
    await accessible(lead.page, 'timeline');
    await lead.page.goto(`${caseUrl}/print`);
    expect(await lead.page.locator('.govuk-service-navigation, .govuk-footer').count()).toBe(0);
    await accessible(lead.page, 'print');
    await lead.page.goto(`${caseUrl}?asAt=${encodeURIComponent(beforeTheConcern)}`);
    expect(await lead.page.locator('h1').innerText()).toBe('Ada Example');
    expect(await lead.page.getByText(/^This is the case as it stood on \d{1,2} \w+ \d{4} at \d{1,2}:\d{2}(am|pm)\.$/).count()).toBe(1);
    // Then, there was no concern: no banner, no concern, no actions.
    expect(await lead.page.getByText('Safeguarding concern', { exact: true }).count()).toBe(0);
    expect(await lead.page.getByText(CONCERN).count()).toBe(0);
    expect(await lead.page.locator('.app-actions a').count()).toBe(0);
    await accessible(lead.page, 'case-as-at');
    await lead.context.close();
  });

  it('an auditor reads the case and is offered no action; the front door finds a summary; an admin sees no case content', async () => {
    const auditor = await session(AUDITOR, caseUrl);
    expect(await auditor.page.locator('h1').innerText()).toBe('Ada Example');
    expect(await auditor.page.locator('.app-actions a').count()).toBe(0);
    expect(await auditor.page.getByText(CONCERN).count()).toBe(0);
    expect(await auditor.page.getByText('Safeguarding concern', { exact: true }).count()).toBe(1);
    await accessible(auditor.page, 'case-auditor');
    await auditor.page.goto(`${caseUrl}/actions/close`);
    expect(await auditor.page.locator('h1').innerText()).toBe('Page not found');
    await auditor.context.close();

    // The front door finds the summary row, with no case page to open.
    const frontDoor = await session(FRONT_DOOR, '/cases?q=ada');
    expect(await frontDoor.page.getByRole('cell', { name: reference }).count()).toBe(1);
    expect(await frontDoor.page.getByRole('link', { name: reference }).count()).toBe(0);
    await accessible(frontDoor.page, 'cases-front-door');
    await frontDoor.context.close();

    const admin = await session(ADMIN, caseUrl);
    expect(await admin.page.locator('h1').innerText()).toBe('Page not found');
    await admin.page.goto('/');
    expect(await admin.page.getByRole('link', { name: 'Find a case' }).count()).toBe(0);
    await accessible(admin.page, 'my-work-admin');
    await admin.context.close();
  });

  it('a partner without consent sees nothing', async () => {
    const { context, page } = await session(EPUT_NURSE, '/cases');
    expect(await page.getByText(/^0 cases$/).count()).toBe(1);
    await page.goto(caseUrl);
    expect(await page.locator('h1').innerText()).toBe('Page not found');
    expect(await page.getByText('Ada').count()).toBe(0);
    await accessible(page, 'not-found');
    await context.close();
  });

  it('an unallocated case goes overdue and is at the top of the manager’s My work', async () => {
    const worker = await session(SOCIAL_WORKER, '/cases/new');
    const p = worker.page;
    const { reference: bob, path } = await openCaseInWeb(p, { givenName: 'Bob', familyName: 'Sample', dateOfBirth: ['2', '7', '1940'], source: 'family', reason: 'Lonely since his wife died' });
    bobUrl = path;
    await worker.context.close();

    const { context, page } = await session(MANAGER);
    await waitFor(
      async () => {
        await page.goto('/');
        const first = page.locator('tbody tr').first();
        return (await first.count()) === 1 && (await first.innerText()).includes(bob) && /Overdue|Escalated/.test(await first.innerText());
      },
      { timeoutMs: 30_000, intervalMs: 500, description: 'the overdue case first on My work' },
    );
    expect(await page.locator('h1').innerText()).toBe('My work');
    await accessible(page, 'my-work-manager');
    await context.close();
  });

  it('hospital, discharge, home care, a hand-over answered from My work, close and reopen', async () => {
    const manager = await session(MANAGER, bobUrl);
    await manager.page.getByRole('link', { name: 'Allocate a coordinator' }).click();
    await manager.page.getByLabel('Coordinator').selectOption({ label: 'Sam Placeholder' });
    await manager.page.getByRole('button', { name: 'Allocate' }).click();
    await manager.context.close();

    const { context, page } = await session('Sam Placeholder, practitioner, Grays', bobUrl);
    await page.getByRole('link', { name: 'Record a hospital admission' }).click();
    await page.getByLabel('Hospital').fill('Basildon University Hospital');
    await page.getByLabel('Admitted on: date').fill('2026-11-23');
    await page.getByLabel('Admitted on: time').fill('09:00');
    await accessible(page, 'hospital-admission');
    await page.getByRole('button', { name: 'Record admission' }).click();
    expect(await page.getByText(/In Basildon University Hospital since 23 November 2026 at 9:00am\./).count()).toBe(1);
    await page.getByRole('link', { name: 'Record a discharge' }).click();
    await page.getByRole('button', { name: 'Record discharge' }).click();
    expect(await page.locator('.govuk-error-summary h2').innerText()).toBe('There is a problem');
    await page.getByLabel('Discharged on: date').fill(new Date().toISOString().slice(0, 10));
    await page.getByLabel('Pathway 1').check();
    await page.getByRole('button', { name: 'Record discharge' }).click();
    expect(await page.getByText(/Last discharged .* \(pathway 1\)\./).count()).toBe(1);
    await page.getByRole('link', { name: 'Set home care hours' }).click();
    await page.getByLabel('Wellbeing Team').selectOption('wellbeing-tilbury');
    await page.getByLabel('Hours a week (0 ends home care)').fill('10');
    await page.getByRole('button', { name: 'Save hours' }).click();
    expect(await page.getByText(/Home care: 10 hours a week from Tilbury Wellbeing Team\./).count()).toBe(1);
    await page.getByRole('link', { name: 'Hand over to another coordinator' }).click();
    await page.getByLabel('New coordinator').selectOption({ label: 'Alex Fictionby' });
    await page.getByLabel('Reason').fill('Alex knows the family');
    await page.getByRole('button', { name: 'Propose hand-over' }).click();
    expect(await page.getByText(/^Hand-over proposed to Alex Fictionby/).count()).toBe(1);
    await context.close();

    const alex = await session(SOCIAL_WORKER);
    const row = alex.page.locator('tbody tr', { hasText: 'Hand-over waiting for you' });
    expect(await row.count()).toBe(1);
    await row.getByRole('link').click();
    await alex.page.getByRole('link', { name: 'Accept the hand-over' }).click();
    await alex.page.getByRole('button', { name: 'Accept hand-over' }).click();
    expect(await summaryValue(alex.page, 'Coordinator')).toMatch(/^Alex Fictionby/);
    await alex.page.getByRole('link', { name: 'Close the case' }).click();
    await alex.page.getByLabel('Reason').fill('Settled at home');
    await alex.page.getByLabel('Outcome').fill('Back at the lunch club; home care in place');
    await alex.page.getByRole('button', { name: 'Close case' }).click();
    expect(await summaryValue(alex.page, 'Status')).toBe('Closed');
    expect(await alex.page.getByRole('link', { name: 'Close the case' }).count()).toBe(0);
    await alex.page.getByRole('link', { name: 'Reopen the case' }).click();
    await alex.page.getByLabel('Reason').fill('Fell again');
    await alex.page.getByRole('button', { name: 'Reopen case' }).click();
    expect(await summaryValue(alex.page, 'Status')).toBe('Open');
    await accessible(alex.page, 'case-reopened');
    await alex.context.close();
  });

  it('refuses a form without its CSRF token and allows no inline script', async () => {
    const res = await fetch(`${stack.webUrl}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'persona=p-grays-3',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    const csp = (await fetch(`${stack.webUrl}/sign-in`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    // A signed-out visit comes back only to a page of this app.
    const { context, page } = await newSession(stack);
    await page.goto(`${stack.webUrl}//example.org/x`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await signInAs(page, MANAGER);
    expect(page.url()).toBe(`${stack.webUrl}/`);
    await context.close();
  });

  it('an erased case’s pages say it was erased and when, and show nothing of it', async () => {
    const { context, page } = await session(SOCIAL_WORKER, '/cases/new');
    const { caseId, path: erasedUrl } = await openCaseInWeb(page, { givenName: 'Edna', familyName: 'Erasable', dateOfBirth: ['2', '5', '1941'], source: 'gp', reason: 'Opened in error' });
    expect(await page.locator('h1').innerText()).toBe('Edna Erasable');

    // A records officer erases it through the API (the web app offers no erasure).
    const officer = await fetch(`${stack.apiUrl}/api/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'ro-1', name: 'Robin Recordsby', roles: ['records-officer'], organisation: 'thurrock-council', teams: [], localities: ['*'] }),
    });
    const { accessToken } = (await officer.json()) as { accessToken: string };
    const erased = await fetch(`${stack.apiUrl}/api/cases/${caseId}/erase`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ reason: 'Opened in error' }),
    });
    expect(erased.status).toBe(200);
    const { erasedAt } = (await erased.json()) as { erasedAt: string };

    for (const path of [erasedUrl, `${erasedUrl}/timeline`]) {
      const answer = await page.goto(path);
      expect([path, answer?.status()]).toEqual([path, 410]);
      expect(await page.locator('h1').innerText()).toBe('This case has been erased');
      expect(await page.locator('main').innerText()).toContain(`destroyed on ${formatDate(erasedAt)}`);
      expect(await page.getByText('Edna').count()).toBe(0);
      expect(await page.getByText('Erasable').count()).toBe(0);
    }
    await accessible(page, 'case-erased');
    await context.close();
  });

  it('works without JavaScript, signs out, and keeps the form when the API is down', async () => {
    const { context, page } = await newSession(stack, { javaScriptEnabled: false });
    await page.goto('/cases/new');
    await signInAs(page, SOCIAL_WORKER);
    await page.goto(caseUrl);
    await page.getByRole('link', { name: 'Add a note' }).click();
    await page.getByLabel('Note').fill('Phoned her daughter');
    await page.getByRole('button', { name: 'Add note' }).click();
    expect(new URL(page.url()).pathname).toBe(caseUrl);

    await page.goto('/cases/00000000-0000-4000-8000-000000000000');
    expect(await page.locator('h1').innerText()).toBe('Page not found');

    await page.goto('/cases/new');
    await page.getByLabel('Given name').fill('Cyril');
    await stack.api.stop();
    await page.getByRole('button', { name: 'Open case' }).click();
    expect(await page.locator('.govuk-error-summary h2').innerText()).toBe('Sorry, there is a problem with the service');
    expect(await page.getByLabel('Given name').inputValue()).toBe('Cyril');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });
});

async function summaryValue(page: Page, key: string): Promise<string> {
  const row = page.locator('.govuk-summary-list__row').filter({ has: page.locator('.govuk-summary-list__key', { hasText: new RegExp(`^\\s*${key}\\s*$`) }) });
  return (await row.locator('.govuk-summary-list__value').innerText()).trim();
}
