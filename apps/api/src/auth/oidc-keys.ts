import { Logger } from '@nestjs/common';
import { JWTVerifyGetKey, createRemoteJWKSet, errors } from 'jose';
import type { OidcConfig } from '@iln/platform';

const DISCOVERY_PATH = '/.well-known/openid-configuration';
const FETCH_TIMEOUT_MS = 5_000;
/** How long a failed discovery is remembered, so an outage is not a request per caller. */
const DISCOVERY_RETRY_MS = 2_000;

/**
 * The identity provider could not be asked: discovery or JWKS unreachable, timed out or
 * answering nonsense. Not the caller's fault, so not a 401: the same token may be fine
 * a moment later.
 */
export class IssuerUnavailable extends Error {}

// What a key lookup throws when the token, not the issuer, is wrong: its `kid` names no
// published key, or its algorithm does not fit the key.
const TOKEN_FAULTS = [
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSENotSupported,
  errors.JOSEAlgNotAllowed,
];

/**
 * The issuer's signing keys for jose's jwtVerify. The JWKS URL is OIDC_JWKS_URL when
 * given, else `jwks_uri` from the issuer's discovery document (as Entra ID and Keycloak
 * publish it), looked up on first use and kept for the life of the process. Keys
 * rotate inside the JWKS, which jose refetches on an unknown `kid` (at most every 30 s).
 */
export class OidcKeys {
  private readonly logger = new Logger('OidcKeys');
  private jwks?: ReturnType<typeof createRemoteJWKSet>;
  private discovering?: Promise<ReturnType<typeof createRemoteJWKSet>>;
  private failedAt = 0;

  constructor(private readonly oidc: OidcConfig) {
    if (oidc.jwksUrl) this.jwks = remoteSet(new URL(oidc.jwksUrl));
  }

  /** The key getter for jwtVerify: issuer trouble becomes IssuerUnavailable, token trouble stays jose's. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const jwks = this.jwks ?? (await this.discover());
    try {
      return await jwks(header, token);
    } catch (e) {
      if (TOKEN_FAULTS.some((fault) => e instanceof fault)) throw e;
      this.logger.warn(
        {
          err: {
            name: e instanceof Error ? e.name : 'unknown',
            code: (e as { code?: unknown }).code,
          },
        },
        'JWKS could not be fetched',
      );
      throw new IssuerUnavailable('JWKS unavailable');
    }
  };

  private discover(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (Date.now() - this.failedAt < DISCOVERY_RETRY_MS)
      return Promise.reject(new IssuerUnavailable('discovery failed recently'));
    // One lookup at a time: callers arriving during it share its answer.
    this.discovering ??= this.fetchJwksUri().then(
      (url) => {
        this.jwks = remoteSet(url);
        return this.jwks;
      },
      (e: unknown) => {
        this.failedAt = Date.now();
        this.discovering = undefined;
        this.logger.warn(
          { reason: e instanceof Error ? e.message : 'unknown' },
          'OIDC discovery failed',
        );
        throw new IssuerUnavailable('discovery failed');
      },
    );
    return this.discovering;
  }

  private async fetchJwksUri(): Promise<URL> {
    const issuer = this.oidc.issuer;
    const url = `${issuer.replace(/\/+$/, '')}${DISCOVERY_PATH}`;
    const res = await fetch(url, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      headers: { Accept: 'application/json' },
    });
    if (res.status !== 200) throw new Error(`discovery answered HTTP ${res.status}`);
    const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery 1.0 §4.3: the document must name the issuer it was fetched
    // for, or keys from elsewhere could be made to verify this issuer's tokens.
    if (doc.issuer !== issuer) throw new Error('discovery document names a different issuer');
    if (typeof doc.jwks_uri !== 'string') throw new Error('discovery document has no jwks_uri');
    const jwksUri = new URL(doc.jwks_uri);
    const issuerProtocol = new URL(issuer).protocol;
    if (
      jwksUri.protocol !== 'https:' &&
      !(jwksUri.protocol === 'http:' && issuerProtocol === 'http:')
    ) {
      throw new Error('jwks_uri must be https');
    }
    return jwksUri;
  }
}

function remoteSet(url: URL): ReturnType<typeof createRemoteJWKSet> {
  return createRemoteJWKSet(url, { cooldownDuration: 30_000, timeoutDuration: FETCH_TIMEOUT_MS });
}
