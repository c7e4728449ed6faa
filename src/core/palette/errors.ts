/**
 * What went wrong talking to Palette, in terms a UI can act on: sign in again (`unauthenticated`),
 * ask an admin (`forbidden`), refresh the list (`notFound`), fix the form (`invalidRequest`), wait
 * (`rateLimited`), retry later (`server`, `timeout`, `network`), configure a CA (`tls`), check the
 * URL or proxy (`malformedResponse`), or nothing at all (`cancelled`).
 */
export type PaletteErrorKind =
  | 'unauthenticated'
  | 'forbidden'
  | 'notFound'
  | 'invalidRequest'
  | 'rateLimited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'tls'
  | 'malformedResponse'
  | 'cancelled';

export interface PaletteApiErrorInit {
  kind: PaletteErrorKind;
  message: string;
  host: string;
  status?: number;
  code?: string;
  ref?: string;
  retryAfterMs?: number;
  method?: string;
  path?: string;
}

/**
 * The only error type the Palette client throws. Its message is already redacted: it never holds an
 * API key, password or JWT, and it never carries the underlying transport error as `cause` (undici
 * messages can quote URLs, and the token-refresh URL holds a JWT).
 */
export class PaletteApiError extends Error {
  readonly kind: PaletteErrorKind;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** Palette's `code` from the error body, or the system/TLS error code for transport failures. */
  readonly code?: string;
  /** Palette's `ref` from the error body (a support reference). */
  readonly ref?: string;
  /** How long the server asked us to wait (from `Retry-After`), for `rateLimited`/`server`. */
  readonly retryAfterMs?: number;
  /** Host (and port) of the Palette endpoint, for messages. */
  readonly host: string;
  readonly method?: string;
  /** Request path with secrets (the refresh token) replaced by a placeholder. */
  readonly path?: string;

  constructor(init: PaletteApiErrorInit) {
    super(init.message);
    this.name = 'PaletteApiError';
    this.kind = init.kind;
    this.host = init.host;
    if (init.status !== undefined) this.status = init.status;
    if (init.code !== undefined) this.code = init.code;
    if (init.ref !== undefined) this.ref = init.ref;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.method !== undefined) this.method = init.method;
    if (init.path !== undefined) this.path = init.path;
  }
}

/** Type guard that also works across bundle boundaries, where `instanceof` may not. */
export function isPaletteApiError(e: unknown): e is PaletteApiError {
  if (e instanceof PaletteApiError) return true;
  return (
    e instanceof Error &&
    e.name === 'PaletteApiError' &&
    typeof (e as { kind?: unknown }).kind === 'string' &&
    typeof (e as { host?: unknown }).host === 'string'
  );
}
