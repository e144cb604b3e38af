import { Inject, Injectable } from '@nestjs/common';
import { JWTPayload, SignJWT, jwtVerify } from 'jose';
import { AppConfig, OidcClaimNames, STANDARD_CLAIM_NAMES } from '@iln/platform';
import { Principal, ROLES, Role } from '@iln/case-coordination';
import { IssuerUnavailable, OidcKeys } from './oidc-keys';

const DEV_ISSUER = 'iln-dev';
const DEV_AUDIENCE = 'iln-api';
const CLOCK_TOLERANCE_S = 30;
const OIDC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/** Verified tokens kept, most recently used last; past this the least recently used goes. */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

export class InvalidToken extends Error {}
export { IssuerUnavailable };

/**
 * Turns a bearer token into a Principal. OIDC: signature from the issuer's JWKS,
 * issuer, audience, expiry and not-before checked with a small clock skew; the claims
 * read from where the issuer puts them (OIDC_CLAIM_*). Dev mode: HS256 tokens this
 * process issued itself (never in production; config refuses it).
 */
@Injectable()
export class TokenVerifier {
  private readonly devKey?: Uint8Array;
  private readonly oidcKeys?: OidcKeys;
  /**
   * Tokens already verified, by the token itself, with their principal, until the token
   * expires (`exp`; no token without one is accepted). Signature, issuer, audience and
   * claims cannot change for the same token, so verifying it again would give the same
   * answer until then; this service has no revocation but expiry, so keeping the answer
   * until `exp` accepts nothing that verifying again would refuse. Only successes are
   * kept; bounded (least recently used goes first).
   */
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {
    if (config.authMode === 'oidc' && config.oidc) this.oidcKeys = new OidcKeys(config.oidc);
    else if (config.authMode === 'dev' && config.devTokenSecret)
      this.devKey = new TextEncoder().encode(config.devTokenSecret);
    // Without either, every token is refused: a config that reached here unchecked must fail closed.
  }

  /** Verified tokens held now: never more than VERIFIED_TOKEN_CACHE_SIZE. */
  get cachedTokens(): number {
    return this.verified.size;
  }

  /** Throws InvalidToken (401) or IssuerUnavailable (503). */
  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known) {
      this.verified.delete(token);
      if (known.expiresAtMs > Date.now()) {
        this.verified.set(token, known);
        return known.principal;
      }
    }
    const { principal, expiresAtMs } = await this.verifyToken(token);
    if (expiresAtMs > Date.now()) {
      this.verified.set(token, { principal, expiresAtMs });
      if (this.verified.size > VERIFIED_TOKEN_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    }
    return principal;
  }

  private async verifyToken(token: string): Promise<{ principal: Principal; expiresAtMs: number }> {
    let payload: JWTPayload;
    try {
      if (this.oidcKeys && this.config.oidc) {
        ({ payload } = await jwtVerify(token, this.oidcKeys.getKey, {
          issuer: this.config.oidc.issuer,
          audience: this.config.oidc.audience,
          clockTolerance: CLOCK_TOLERANCE_S,
          // Asymmetric only: an HMAC algorithm here would let anyone holding the public
          // key mint tokens (algorithm confusion); `none` is never accepted by jose.
          algorithms: OIDC_ALGORITHMS,
          // Without `exp` a leaked token would be valid for ever.
          requiredClaims: ['exp'],
        }));
        return { principal: frozen(toPrincipal(payload, this.config.oidc.claims)), expiresAtMs: payload.exp! * 1000 };
      }
      if (this.devKey) {
        ({ payload } = await jwtVerify(token, this.devKey, {
          issuer: DEV_ISSUER,
          audience: DEV_AUDIENCE,
          clockTolerance: CLOCK_TOLERANCE_S,
          algorithms: ['HS256'],
          requiredClaims: ['exp', 'sub'],
        }));
        return { principal: frozen(toPrincipal(payload, STANDARD_CLAIM_NAMES)), expiresAtMs: payload.exp! * 1000 };
      }
    } catch (e) {
      if (e instanceof IssuerUnavailable) throw e;
      throw new InvalidToken();
    }
    throw new InvalidToken();
  }

  async issueDevToken(
    claims: Omit<Principal, 'id'> & { sub: string },
    expiresInSeconds: number,
  ): Promise<string> {
    if (!this.devKey) throw new Error('dev tokens are issued only in AUTH_MODE=dev');
    return new SignJWT({
      name: claims.name,
      roles: claims.roles,
      organisation: claims.organisation,
      teams: claims.teams,
      localities: claims.localities,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${expiresInSeconds}s`)
      .sign(this.devKey);
  }
}

/** One principal answers every request with its token: nobody may change it for the others. */
function frozen(principal: Principal): Principal {
  Object.freeze(principal.roles);
  Object.freeze(principal.teams);
  Object.freeze(principal.localities);
  return Object.freeze(principal);
}

/**
 * A claim by name, or by dotted path into nested objects (Keycloak's
 * `realm_access.roles`). A name that exists as it stands wins, since some issuers use
 * dots or URLs in flat claim names (Entra ID's `extn.<attribute>`). Own properties only.
 */
export function readClaim(payload: JWTPayload, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(payload, path)) return payload[path];
  let here: unknown = payload;
  for (const part of path.split('.')) {
    if (
      !here ||
      typeof here !== 'object' ||
      Array.isArray(here) ||
      !Object.prototype.hasOwnProperty.call(here, part)
    )
      return undefined;
    here = (here as Record<string, unknown>)[part];
  }
  return here;
}

/** A list claim; a single string (one group, or a space-separated list) counts too. */
function stringList(v: unknown): string[] {
  if (typeof v === 'string') return v.split(/\s+/).filter(Boolean);
  return Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string' && x.length > 0)
    : [];
}

export function toPrincipal(payload: JWTPayload, claims: OidcClaimNames): Principal {
  const id = readClaim(payload, claims.sub);
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) throw new InvalidToken();
  const name = readClaim(payload, claims.name);
  const organisation = readClaim(payload, claims.organisation);
  // Roles this service does not define (Keycloak's offline_access, ...) are ignored.
  const roles = stringList(readClaim(payload, claims.roles)).filter((r): r is Role =>
    (ROLES as readonly string[]).includes(r),
  );
  return {
    id,
    name: typeof name === 'string' && name.length > 0 ? name : id,
    roles: [...new Set(roles)],
    organisation: typeof organisation === 'string' ? organisation : '',
    teams: stringList(readClaim(payload, claims.teams)),
    localities: stringList(readClaim(payload, claims.localities)),
  };
}
