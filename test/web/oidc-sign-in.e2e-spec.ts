import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort, waitForHttp } from '@iln/testing';
import { checkPage, newSession, startStack, type Stack } from './harness';

// AUTH_MODE=oidc: /sign-in runs authorization code + PKCE (openid-client) against an OIDC
// provider on loopback (oidc-provider); the access token it returns is what the web app
// sends to the API, which verifies it against the same issuer. The token never reaches
// the browser.
jest.setTimeout(120_000);

describe('signing in with OIDC', () => {
  let stack: Stack;
  let idp: ChildProcess;
  let idpOut = '';

  beforeAll(async () => {
    const [idpPort, webPort] = [await freePort(), await freePort()];
    const issuer = `http://127.0.0.1:${idpPort}`;
    idp = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs'), String(idpPort), `http://127.0.0.1:${webPort}/sign-in/callback`], { stdio: ['ignore', 'pipe', 'pipe'] });
    idp.stdout!.on('data', (d: Buffer) => (idpOut += d.toString()));
    idp.stderr!.on('data', (d: Buffer) => (idpOut += d.toString()));
    await waitForHttp(`${issuer}/.well-known/openid-configuration`, 30_000);
    stack = await startStack({
      webPort,
      apiEnv: { AUTH_MODE: 'oidc', OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'iln-api' },
      webEnv: { AUTH_MODE: 'oidc', OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'iln-web', OIDC_SCOPE: 'openid profile iln api' },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    idp?.kill();
  });

  it('sends a signed-out visit through the provider and back to the page asked for, signed in with the token the API accepts', async () => {
    const { context, page } = await newSession(stack);
    await page.goto('/cases');
    // The provider's own login page (PKCE: the request carries an S256 code challenge).
    expect(page.url().startsWith(stack.webUrl)).toBe(false);
    await page.locator('input[name="login"]').fill('p-grays-3');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    if (await page.locator('button[type="submit"]', { hasText: /continue/i }).count()) await page.locator('button[type="submit"]', { hasText: /continue/i }).click();
    await page.waitForURL(`${stack.webUrl}/cases`);
    expect(await page.locator('h1').innerText()).toBe('Cases');
    // The API answered with the access token: the list rendered, and the name is the token's.
    expect(await page.getByText('Taylor Exampleton, team manager').count()).toBe(1);
    // Only the session cookie reaches the browser: HttpOnly, SameSite=Lax, no token.
    const cookies = (await context.cookies()).filter((c) => c.domain === '127.0.0.1' && c.name === 'iln.sid');
    expect(cookies).toHaveLength(1);
    expect([cookies[0].httpOnly, cookies[0].sameSite]).toEqual([true, 'Lax']);
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await checkPage(page, 'cases-oidc')).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await page.locator('h1').innerText()).toBe('You have signed out');
    // The session is gone: the next visit goes back through the provider (which still
    // knows the user, single sign-on) before the page shows.
    const toProvider: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(stack.webUrl)) toProvider.push(new URL(r.url()).pathname);
    });
    await page.goto(`${stack.webUrl}/cases`);
    await page.waitForURL(`${stack.webUrl}/cases`);
    expect(toProvider).toContain('/auth');
    await context.close();
  }, 90_000);

  afterEach(() => {
    if (idp.exitCode !== null) throw new Error(`the OIDC provider exited: ${idpOut}`);
  });
});
