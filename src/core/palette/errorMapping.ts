import { PaletteApiError, type PaletteErrorKind } from './errors';
import { parseRetryAfter } from './retryPolicy';
import { readErrorBody } from './responseShapes';

/** Where a failure happened, plus how to make outside text safe to show. */
export interface ErrorContext {
  host: string;
  method: string;
  /** Request path safe for messages (the refresh token replaced by a placeholder). */
  path: string;
  /** Scrubs secrets from text that came from the server. */
  redact: (text: string) => string;
  now: () => number;
  /** What the caller authenticated with, to word 401s. */
  credential: 'apiKey' | 'password' | 'none';
  /** Appended when the outcome of a non-idempotent request is unknown (create). */
  uncertainOutcomeHint?: string;
  /** How to trust a private CA, in the caller's terms (e.g. the name of its CA setting). */
  caHint?: string;
}

/** What an untrusted certificate message advises when the caller gives no `caHint`. */
export const DEFAULT_CA_HINT = 'configure that CA certificate in the settings.';

/** Server messages are shown to the user: keep them short and on one line. */
const MAX_SERVER_MESSAGE = 300;

/** Certificate verification failures, as reported by OpenSSL through Node. */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_CRL',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const NETWORK_DESCRIPTIONS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  EPIPE: 'the connection was closed while sending',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  UND_ERR_CLOSED: 'the connection closed unexpectedly',
  // The web build: the browser refused the request or got no answer (transport.browser.ts).
  FETCH_FAILED: 'the browser could not complete the request; in VS Code for the Web the Palette host must allow cross-origin requests from this editor, and must be reachable with a certificate the browser trusts',
};

function at(ctx: ErrorContext): string {
  return `Palette at ${ctx.host}`;
}

function cleanServerText(ctx: ErrorContext, text: string | undefined): string | undefined {
  if (!text) return undefined;
  // eslint-disable-next-line no-control-regex
  const oneLine = ctx.redact(text).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (!oneLine) return undefined;
  return oneLine.length > MAX_SERVER_MESSAGE ? `${oneLine.slice(0, MAX_SERVER_MESSAGE)}…` : oneLine;
}

/** Appends the context's uncertain-outcome hint, if any. */
export function withHint(ctx: ErrorContext, message: string): string {
  return ctx.uncertainOutcomeHint ? `${message} ${ctx.uncertainOutcomeHint}` : message;
}

/** Builds an error of `kind` located at the context's request. */
export function makeError(
  ctx: ErrorContext,
  kind: PaletteErrorKind,
  message: string,
  extra: { status?: number; code?: string; ref?: string; retryAfterMs?: number } = {},
): PaletteApiError {
  return new PaletteApiError({ kind, message, host: ctx.host, method: ctx.method, path: ctx.path, ...extra });
}

/** Describes a body we could not use, without quoting it: it may hold secrets. */
export function describeBody(contentType: string | undefined, text: string): string {
  const type = safeContentType(contentType);
  const trimmed = text.trimStart().slice(0, 64).toLowerCase();
  if (type?.includes('html') || trimmed.startsWith('<!doctype html') || trimmed.startsWith('<html')) {
    return `an HTML page${type ? ` (content type ${type})` : ''}`;
  }
  if (text.trim().length === 0) return 'an empty response';
  return `a non-JSON response (content type ${type ?? 'not given'})`;
}

/** The media type only, restricted to token characters, so a hostile header cannot inject text. */
function safeContentType(value: string | undefined): string | undefined {
  const media = value?.split(';')[0].trim().toLowerCase();
  return media && /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(media) && media.length <= 80 ? media : undefined;
}

/** A 2xx body that is not what the endpoint promises. */
export function malformedResponse(ctx: ErrorContext, problem: string, status?: number): PaletteApiError {
  return makeError(
    ctx,
    'malformedResponse',
    withHint(ctx, `${at(ctx)} sent ${problem} for ${ctx.method} ${ctx.path}. Check the Palette URL, and any proxy in between.`),
    status !== undefined ? { status } : {},
  );
}

/** Maps a non-2xx answer to a typed error, reading Palette's `{code, message, ref}` when present. */
export function errorFromStatus(
  ctx: ErrorContext,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  bodyText: string,
): PaletteApiError {
  const contentType = firstHeader(headers['content-type']);
  let parsed: unknown;
  try {
    parsed = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    parsed = undefined;
  }
  const body = readErrorBody(parsed);
  const serverMessage = cleanServerText(ctx, body.message);
  const code = body.code ? cleanServerText(ctx, body.code) : undefined;
  const ref = body.ref ? cleanServerText(ctx, body.ref) : undefined;
  const extra = { status, ...(code ? { code } : {}), ...(ref ? { ref } : {}) };
  const because = serverMessage ? `: ${/[.!?…]$/.test(serverMessage) ? serverMessage : `${serverMessage}.`}` : '.';
  const notJson = parsed === undefined && bodyText.trim() ? ` It sent ${describeBody(contentType, bodyText)}.` : '';

  if (status === 401) {
    const what =
      ctx.credential === 'password' ? 'the email and password (or the session expired)' : ctx.credential === 'apiKey' ? 'the API key' : 'the credentials';
    return makeError(ctx, 'unauthenticated', `${at(ctx)} rejected ${what} (401)${because} Sign in again.`, extra);
  }
  if (status === 403) {
    return makeError(ctx, 'forbidden', `${at(ctx)} denied ${ctx.method} ${ctx.path} (403)${because} Your role may not allow this; a tenant admin can.`, extra);
  }
  if (status === 404) {
    return makeError(ctx, 'notFound', `${at(ctx)} found nothing at ${ctx.path} (404)${because}`, extra);
  }
  if (status === 408) {
    return makeError(ctx, 'timeout', withHint(ctx, `${at(ctx)} timed out handling ${ctx.method} ${ctx.path} (408).`), extra);
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers['retry-after'], ctx.now());
    const wait = retryAfterMs !== undefined ? ` Try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s.` : ' Try again shortly.';
    return makeError(ctx, 'rateLimited', `${at(ctx)} is limiting requests (429).${wait}`, {
      ...extra,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status >= 500) {
    const retryAfterMs = parseRetryAfter(headers['retry-after'], ctx.now());
    return makeError(ctx, 'server', withHint(ctx, `${at(ctx)} had a server error (${status})${because}${notJson}`), {
      ...extra,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status >= 400) {
    return makeError(ctx, 'invalidRequest', `${at(ctx)} rejected ${ctx.method} ${ctx.path} (${status})${because}`, extra);
  }
  // 1xx/3xx: redirects are not followed, since a redirect usually means a login page or proxy.
  return malformedResponse(ctx, `an unexpected HTTP ${status}${status >= 300 && status < 400 ? ' redirect' : ''}`, status);
}

/** Finds the first `code` on an error, its `cause` chain or an AggregateError's members. */
export function findErrorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  const nested = [(error as { cause?: unknown }).cause, ...((error as { errors?: unknown[] }).errors ?? [])];
  // Prefer the innermost specific code: undici wraps socket errors in its own.
  for (const inner of nested) {
    const found = findErrorCode(inner, depth + 1);
    if (found) return found;
  }
  return typeof code === 'string' ? code : undefined;
}

/**
 * Maps a transport failure (no HTTP answer) to `tls` or `network`. The undici error itself is
 * dropped: only its code survives, because its message may quote the request URL.
 */
export function errorFromTransport(ctx: ErrorContext, error: unknown): PaletteApiError {
  const code = findErrorCode(error);
  const message = error instanceof Error ? error.message : '';
  if (code && CERTIFICATE_CODES.has(code)) {
    return makeError(
      ctx,
      'tls',
      `The TLS certificate of ${ctx.host} is not trusted (${code}). If this is a self-hosted Palette with a private certificate authority, ${ctx.caHint ?? DEFAULT_CA_HINT}`,
      { code },
    );
  }
  if (code && (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO')) {
    return makeError(ctx, 'tls', `The TLS handshake with ${ctx.host} failed (${code}). Check that the Palette URL uses the right scheme and port.`, { code });
  }
  const proxyStatus = /Proxy response \((\d{3})\)/.exec(message)?.[1];
  if (proxyStatus) {
    return makeError(ctx, 'network', `The proxy refused to connect to ${ctx.host} (HTTP ${proxyStatus}). Check the proxy settings.`, {
      code: `PROXY_${proxyStatus}`,
    });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return makeError(ctx, 'timeout', withHint(ctx, `${at(ctx)} did not answer ${ctx.method} ${ctx.path} in time.`), { code });
  }
  const description = (code && NETWORK_DESCRIPTIONS[code]) ?? 'the request failed';
  return makeError(ctx, 'network', withHint(ctx, `Cannot reach Palette at ${ctx.host}: ${description}${code ? ` (${code})` : ''}.`), code ? { code } : {});
}

export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
