import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What a Palette host must allow for VS Code for the Web: the extension's requests leave from the
 * editor's page, so the browser sends a preflight for the `ApiKey`, `Authorization` and
 * `Content-Type` headers and for PUT, PATCH and DELETE, and reads an answer only when it names the
 * editor's origin. Off unless origins are given (`--cors-origin`): like Palette's, the emulator
 * answers no cross-origin request by default.
 */
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = 'ApiKey, Authorization, Content-Type, Accept, User-Agent';
/** Headers of an answer the client reads besides the CORS-safelisted ones. */
const EXPOSED_HEADERS = 'Retry-After';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * Adds CORS headers for an allowed origin (`*` allows any) and answers preflights. Returns true when
 * the request was a preflight and is answered.
 */
export function applyCors(request: IncomingMessage, response: ServerResponse, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (allowedOrigins.length === 0 || origin === undefined) return false;
  response.setHeader('Vary', 'Origin');
  if (!allowedOrigins.includes('*') && !allowedOrigins.includes(origin)) return false;
  response.setHeader('Access-Control-Allow-Origin', origin);
  response.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  if (request.method !== 'OPTIONS' || request.headers['access-control-request-method'] === undefined) return false;
  response.writeHead(204, {
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
  });
  response.end();
  return true;
}
