import { decodeBase64 } from '../encoding/base64';

/** Palette documents a JWT lifetime of about 15 minutes; used when the token does not say. */
export const DEFAULT_JWT_LIFETIME_MS = 15 * 60_000;

/** Renew this long before expiry, so a request never leaves with a token that lapses in flight. */
export const JWT_REFRESH_MARGIN_MS = 60_000;

/** Beyond this a decoded lifetime is implausible for Palette; fall back to the default. */
const MAX_PLAUSIBLE_LIFETIME_MS = 24 * 60 * 60_000;

export interface JwtSessionDeps {
  /** Signs in with the stored email/password; resolves to a JWT. */
  login: () => Promise<string>;
  /** Exchanges a still-valid JWT for a fresh one. */
  refresh: (token: string) => Promise<string>;
  now: () => number;
  /** Told about every token obtained, so it can be redacted from output. */
  onToken?: (token: string) => void;
}

interface HeldToken {
  value: string;
  expiresAt: number;
  refreshAt: number;
}

/**
 * Holds the JWT for the password flow. Renewal is single-flight: concurrent requests that find the
 * token missing or near expiry all wait on one login or refresh. A failed refresh falls back to a
 * fresh login; a failed login is reported to every waiter.
 */
export class JwtSession {
  private token: HeldToken | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly deps: JwtSessionDeps) {}

  /**
   * A JWT good for at least the refresh margin. The renewal itself is not bound to any caller's
   * AbortSignal (other callers may share it); callers race their own signal against this promise.
   */
  authorization(): Promise<string> {
    const now = this.deps.now();
    if (this.token && now < this.token.refreshAt) return Promise.resolve(this.token.value);
    if (!this.pending) {
      this.pending = this.renew().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  /** Forgets the token (e.g. the server answered 401), unless it was already replaced. */
  invalidate(token?: string): void {
    if (token === undefined || this.token?.value === token) this.token = undefined;
  }

  /** When the held token expires (epoch ms), for tests and diagnostics. */
  get expiresAt(): number | undefined {
    return this.token?.expiresAt;
  }

  private async renew(): Promise<string> {
    const current = this.token;
    if (current && this.deps.now() < current.expiresAt) {
      try {
        return this.hold(await this.deps.refresh(current.value));
      } catch {
        // The refresh window may have closed or the session been revoked: sign in again.
        this.token = undefined;
      }
    }
    return this.hold(await this.deps.login());
  }

  private hold(value: string): string {
    this.deps.onToken?.(value);
    const issuedAt = this.deps.now();
    const expiresAt = jwtExpiry(value, issuedAt);
    const margin = Math.min(JWT_REFRESH_MARGIN_MS, (expiresAt - issuedAt) / 4);
    this.token = { value, expiresAt, refreshAt: expiresAt - margin };
    return value;
  }
}

/**
 * When a JWT obtained at `issuedAt` (local clock) expires. With `iat` and `exp` the lifetime is
 * `exp - iat` applied to the local clock, which is immune to skew between us and the server; with
 * `exp` alone it is taken as-is if plausible; otherwise 15 minutes.
 */
export function jwtExpiry(token: string, issuedAt: number): number {
  const claims = decodeJwtClaims(token);
  const exp = typeof claims?.exp === 'number' ? claims.exp * 1000 : undefined;
  const iat = typeof claims?.iat === 'number' ? claims.iat * 1000 : undefined;
  if (exp !== undefined && iat !== undefined) {
    const lifetime = exp - iat;
    if (lifetime > 0 && lifetime <= MAX_PLAUSIBLE_LIFETIME_MS) return issuedAt + lifetime;
  } else if (exp !== undefined) {
    const lifetime = exp - issuedAt;
    if (lifetime > 0 && lifetime <= MAX_PLAUSIBLE_LIFETIME_MS) return exp;
  }
  return issuedAt + DEFAULT_JWT_LIFETIME_MS;
}

/** The payload of a JWT (unverified: only used to schedule renewal), or undefined. */
export function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  const bare = token.replace(/^Bearer\s+/i, '');
  const parts = bare.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const json: unknown = JSON.parse(new TextDecoder().decode(decodeBase64(parts[1])));
    return typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
