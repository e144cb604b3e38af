import { Inject, Injectable } from '@nestjs/common';
import { JWTPayload, SignJWT, createRemoteJWKSet, jwtVerify } from 'jose';
import { AppConfig } from '@iln/platform';
import { Principal, ROLES, Role } from '@iln/case-coordination';

const DEV_ISSUER = 'iln-dev';
const DEV_AUDIENCE = 'iln-api';
const CLOCK_TOLERANCE_S = 30;
const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export class InvalidToken extends Error {}

/**
 * Turns a bearer token into a Principal. OIDC: signature from the issuer's JWKS,
 * issuer, audience, expiry and not-before checked with a small clock skew. Dev mode:
 * HS256 tokens this service issued itself (never in production; config refuses it).
 */
@Injectable()
export class TokenVerifier {
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  private readonly devKey: Uint8Array;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {
    this.devKey = new TextEncoder().encode(config.devTokenSecret);
    if (config.authMode === 'oidc' && config.oidc) {
      this.jwks = createRemoteJWKSet(new URL(config.oidc.jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
    }
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      if (this.config.authMode === 'oidc' && this.jwks && this.config.oidc) {
        ({ payload } = await jwtVerify(token, this.jwks, {
          issuer: this.config.oidc.issuer,
          audience: this.config.oidc.audience,
          clockTolerance: CLOCK_TOLERANCE_S,
          // Asymmetric only: an HMAC algorithm here would let anyone holding the public
          // key mint tokens (algorithm confusion); `none` is never accepted by jose.
          algorithms: OIDC_ALGORITHMS,
          // Without `exp` a leaked token would be valid for ever.
          requiredClaims: ['exp', 'sub'],
        }));
      } else {
        ({ payload } = await jwtVerify(token, this.devKey, {
          issuer: DEV_ISSUER,
          audience: DEV_AUDIENCE,
          clockTolerance: CLOCK_TOLERANCE_S,
          algorithms: ['HS256'],
          requiredClaims: ['exp', 'sub'],
        }));
      }
    } catch {
      throw new InvalidToken();
    }
    return toPrincipal(payload);
  }

  async issueDevToken(claims: Omit<Principal, 'id'> & { sub: string }, expiresInSeconds: number): Promise<string> {
    return new SignJWT({ name: claims.name, roles: claims.roles, organisation: claims.organisation, teams: claims.teams, localities: claims.localities })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${expiresInSeconds}s`)
      .sign(this.devKey);
  }
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function toPrincipal(payload: JWTPayload): Principal {
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new InvalidToken();
  const roles = stringArray(payload.roles).filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  return {
    id: payload.sub,
    name: typeof payload.name === 'string' ? payload.name : payload.sub,
    roles,
    organisation: typeof payload.organisation === 'string' ? payload.organisation : '',
    teams: stringArray(payload.teams),
    localities: stringArray(payload.localities),
  };
}
