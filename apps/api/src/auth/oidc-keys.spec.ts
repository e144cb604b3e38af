import { Logger } from '@nestjs/common';
import { STANDARD_CLAIM_NAMES } from '@iln/platform';
import { IssuerUnavailable, OidcKeys } from './oidc-keys';

const CLAIMS = STANDARD_CLAIM_NAMES;
const HEADER = { alg: 'RS256', kid: 'k1' };
const TOKEN = { payload: '', signature: '' } as never;

// Discovery's own checks, with fetch answered here: the document must name the issuer it
// was fetched for, and must not send an https issuer's keys over plain http.
describe('OIDC discovery', () => {
  let fetchSpy: jest.SpyInstance;
  afterEach(() => fetchSpy.mockRestore());

  const answering = (doc: unknown, status = 200) => {
    fetchSpy = jest.spyOn(global, 'fetch').mockResolvedValue(
      new Response(JSON.stringify(doc), {
        status,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
  };

  it('fetches <issuer>/.well-known/openid-configuration, without a doubled slash', async () => {
    answering({ issuer: 'https://idp.example/realms/x/', jwks_uri: 'http://idp.example/certs' });
    const keys = new OidcKeys({
      issuer: 'https://idp.example/realms/x/',
      audience: 'a',
      claims: CLAIMS,
    });
    await expect(keys.getKey(HEADER, TOKEN)).rejects.toThrow(IssuerUnavailable);
    expect(fetchSpy).toHaveBeenCalledWith(
      'https://idp.example/realms/x/.well-known/openid-configuration',
      expect.anything(),
    );
  });

  it('refuses an http jwks_uri for an https issuer', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      answering({ issuer: 'https://idp.example', jwks_uri: 'http://idp.example/certs' });
      await expect(
        new OidcKeys({ issuer: 'https://idp.example', audience: 'a', claims: CLAIMS }).getKey(
          HEADER,
          TOKEN,
        ),
      ).rejects.toThrow(IssuerUnavailable);
      expect(warn).toHaveBeenCalledWith(
        { reason: 'jwks_uri must be https' },
        'OIDC discovery failed',
      );
    } finally {
      warn.mockRestore();
    }
  });

  it.each([
    [
      'names another issuer',
      { issuer: 'https://evil.example', jwks_uri: 'https://evil.example/certs' },
      200,
    ],
    ['has no jwks_uri', { issuer: 'https://idp.example' }, 200],
    ['is not found', {}, 404],
  ])('treats a document that %s as the issuer being unavailable', async (_why, doc, status) => {
    answering(doc, status);
    await expect(
      new OidcKeys({ issuer: 'https://idp.example', audience: 'a', claims: CLAIMS }).getKey(
        HEADER,
        TOKEN,
      ),
    ).rejects.toThrow(IssuerUnavailable);
  });

  it('does not ask again within 2 s of a failure', async () => {
    answering({}, 500);
    const keys = new OidcKeys({ issuer: 'https://idp.example', audience: 'a', claims: CLAIMS });
    await expect(keys.getKey(HEADER, TOKEN)).rejects.toThrow(IssuerUnavailable);
    await expect(keys.getKey(HEADER, TOKEN)).rejects.toThrow(IssuerUnavailable);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });
});
