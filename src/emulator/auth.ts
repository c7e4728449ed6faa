import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { unauthorized } from './errors';
import type { EmulatorStore, StoredUser } from './store';

/** Palette's JWTs live about 15 minutes. */
export const DEFAULT_TOKEN_TTL_SECONDS = 15 * 60;

/** Who is calling, and how they proved it. */
export interface Principal {
  user: StoredUser;
  via: 'apiKey' | 'jwt';
}

interface TokenClaims {
  sub: string;
  tenantUid: string;
  iat: number;
  exp: number;
  jti: string;
}

/**
 * Checks the `ApiKey` and `Authorization` headers, and issues and verifies the HS256 JWTs of the
 * password flow. The signing secret is random per emulator, so tokens never outlive it.
 */
export class EmulatorAuth {
  private readonly secret = randomBytes(32);

  constructor(private readonly store: EmulatorStore, private readonly now: () => number, private readonly tokenTtlSeconds = DEFAULT_TOKEN_TTL_SECONDS) {}

  /** The caller, or a 401. An `ApiKey` header wins over `Authorization` when both are sent. */
  authenticate(headers: IncomingHttpHeaders): Principal {
    // Node lower-cases header names, which makes `ApiKey`, `apiKey` and `apikey` the same header.
    const apiKey = single(headers['apikey']);
    if (apiKey !== undefined) return { user: this.userForApiKey(apiKey.trim()), via: 'apiKey' };
    const authorization = single(headers['authorization']);
    if (authorization !== undefined) {
      const token = authorization.trim().replace(/^Bearer\s+/i, '');
      return { user: this.userForToken(token), via: 'jwt' };
    }
    throw unauthorized('Missing ApiKey or Authorization header');
  }

  /** A signed token for `user`, valid for the configured lifetime from now. */
  issueToken(user: StoredUser): string {
    const iat = Math.floor(this.now() / 1000);
    const claims: TokenClaims = { sub: user.uid, tenantUid: this.store.tenant.uid, iat, exp: iat + this.tokenTtlSeconds, jti: randomBytes(8).toString('hex') };
    const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  /** The user a valid, unexpired token belongs to, or a 401. */
  userForToken(token: string): StoredUser {
    const claims = this.verify(token);
    const user = claims && this.store.getUser(claims.sub);
    if (!user) throw unauthorized();
    return user;
  }

  private userForApiKey(value: string): StoredUser {
    const key = this.store.findKeyByValue(value);
    // Revoked, expired and orphaned keys (owner no longer in the tenant) all stop authenticating.
    const user = key && key.isActive && Date.parse(key.expiry) > this.now() ? this.store.getUser(key.ownerUid) : undefined;
    if (!user) throw unauthorized();
    return user;
  }

  private verify(token: string): TokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const actual = Buffer.from(parts[2]);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Partial<TokenClaims>;
      if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return undefined;
      return claims.exp * 1000 > this.now() ? (claims as TokenClaims) : undefined;
    } catch {
      return undefined;
    }
  }

  private sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
