import type { Dispatcher } from 'undici';
import { insecureHostRefusal } from '../connections/hostUrl';
import {
  describeBody,
  errorFromStatus,
  errorFromTransport,
  firstHeader,
  makeError,
  malformedResponse,
  withHint,
  type ErrorContext,
} from './errorMapping';
import { PaletteApiError, isPaletteApiError } from './errors';
import { JwtSession } from './jwtSession';
import {
  ResponseShapeError,
  checkApiKey,
  checkApiKeyList,
  checkCreateResponse,
  checkUserInfo,
  checkUserPage,
  checkUserToken,
} from './responseShapes';
import { resolveProxy, type ProxyConfig, type ResolvedProxy } from './proxyResolution';
import { isRetryableError, resolveRetrySettings, retryDelayMs, type RetrySettings } from './retryPolicy';
import { SecretRedactor } from './secretRedactor';
import { BodyTooLargeError, TransportSetupError, type HttpTransport } from './httpTransport';
import { abortableDelay } from './abortableDelay';
import { createTransport } from './transport';
import type { V1ApiKey, V1ApiKeyEntity, V1ApiKeyUpdate, V1AuthLogin, V1User, V1UserInfo } from './wireTypes';

/** How the client proves who it is: an API key, or email/password exchanged for a JWT. */
export type PaletteCredential =
  | { kind: 'apiKey'; apiKey: string }
  | { kind: 'password'; emailId: string; password: string; org?: string };

export interface PaletteClientOptions {
  /** e.g. `https://api.spectrocloud.com`; only the origin is used, so a trailing slash or path is ignored. */
  baseUrl: string;
  credential: PaletteCredential;
  /** Per request (each attempt), including reading the body. Default 20 000. */
  timeoutMs?: number;
  /** Retries for idempotent requests (GET, PUT, DELETE). Defaults: 3 retries, 500 ms base, 10 s cap. */
  retry?: { maxRetries?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** PEM certificates of a private CA, trusted in addition to the public roots. */
  caCertificates?: string[];
  /** Path to a PEM file with more CA certificates; read once, on the first request. */
  caFile?: string;
  /**
   * Ends the message of an untrusted-certificate error: how to trust a private CA in the caller's
   * terms, e.g. `set the paletteKeys.caFile setting to its PEM file.` A generic hint otherwise.
   */
  caHint?: string;
  /** HTTP(S) proxy to tunnel through (undici `ProxyAgent`); wins over `proxy.url`. Loopback is never proxied. */
  proxyUrl?: string;
  /** Proxy settings and environment (`http.proxy`, `NO_PROXY`, ...), resolved for this endpoint by `resolveProxy`. */
  proxy?: ProxyConfig;
  /**
   * Hosts plain `http://` may reach besides loopback (`paletteKeys.allowInsecureHosts`). Any other
   * `http://` host is refused before a request is sent, so no credential crosses the network in clear.
   */
  allowInsecureHosts?: readonly string[];
  /** Test seam (e.g. `MockAgent`); overrides CA and proxy. The client does not close it. */
  dispatcher?: Dispatcher;
  /** Clock seam (epoch ms), for JWT expiry and Retry-After dates. */
  now?: () => number;
  /** Backoff seam; must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter seam, returns [0, 1). */
  random?: () => number;
  userAgent?: string;
  /** Largest response body accepted. Default 10 MiB. */
  maxResponseBytes?: number;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One API operation, described once and run by `call`. */
interface Call<T> {
  method: Method;
  /** Path and query as sent, uids already encoded. */
  path: string;
  /** Path for messages: same as `path` unless it holds a secret. */
  displayPath: string;
  body?: unknown;
  /** `credential`: ApiKey or the session JWT; `none`: login/refresh, which bring their own. */
  auth: 'credential' | 'none';
  /** What a 401 rejected, when not the configured credential (sign-in: the password). */
  rejects?: 'password';
  headers?: Record<string, string>;
  /** Only idempotent calls may be retried or replayed. */
  idempotent: boolean;
  /** Validates the parsed JSON body; absent for 204-style calls whose body is ignored. */
  read?: (json: unknown) => T;
  uncertainOutcomeHint?: string;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const DEFAULT_USER_AGENT = 'palette-api-keys';
/**
 * Palette pages users 50 at a time: 100 pages are 5,000 users, more than any tenant we know of,
 * and a bound on what a server that never stops paging can make us collect.
 */
export const MAX_USER_PAGES = 100;

const CREATE_HINT = 'The key may have been created anyway: refresh the list before trying again.';

/**
 * Palette REST client for API keys, users and authentication. Throws only `PaletteApiError`, whose
 * messages never contain the API key, password or JWT. Retries idempotent requests on 429/502/503/
 * 504 and transient network errors with backoff; never retries POST (create, authenticate).
 */
export class PaletteClient {
  /** Host (with port, if any) of the endpoint, for messages. */
  readonly host: string;

  private readonly origin: string;
  private readonly credential: PaletteCredential;
  private readonly timeoutMs: number;
  private readonly retry: RetrySettings;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly userAgent: string;
  private readonly maxResponseBytes: number;
  private readonly redactor = new SecretRedactor();
  private readonly session: JwtSession | undefined;
  /** Why no request may be sent (plain http to a host not allowed), checked before every request. */
  private readonly insecureRefusal: string | undefined;
  private readonly proxy: ResolvedProxy | undefined;
  private transport: Promise<HttpTransport> | undefined;
  private closed = false;

  constructor(private readonly options: PaletteClientOptions) {
    const url = parseBaseUrl(options.baseUrl);
    this.origin = url.origin;
    this.host = url.host;
    this.credential = options.credential;
    this.timeoutMs = options.timeoutMs !== undefined && options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_TIMEOUT_MS;
    this.retry = resolveRetrySettings(options.retry);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableDelay;
    this.random = options.random ?? Math.random;
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.insecureRefusal = insecureHostRefusal(url, options.allowInsecureHosts ?? []);
    const proxyConfig: ProxyConfig = { ...options.proxy, ...(options.proxyUrl ? { url: options.proxyUrl } : {}) };
    this.proxy = resolveProxy(url, proxyConfig);
    if (this.proxy) parseProxyUrl(this.proxy.uri);

    const credential = options.credential;
    if (credential.kind === 'apiKey') {
      this.redactor.add(credential.apiKey);
    } else {
      this.redactor.add(credential.password);
      this.session = new JwtSession({
        login: () =>
          this.authenticate({
            emailId: credential.emailId,
            password: credential.password,
            ...(credential.org ? { org: credential.org } : {}),
          }),
        refresh: (token) => this.refreshToken(token),
        now: this.now,
      });
    }
  }

  /** `GET /v1/apiKeys`: every key the caller may see (all keys of the tenant for an admin). */
  async listApiKeys(signal?: AbortSignal): Promise<V1ApiKey[]> {
    return this.call(
      { method: 'GET', path: '/v1/apiKeys', displayPath: '/v1/apiKeys', auth: 'credential', idempotent: true, read: (json) => checkApiKeyList(json).items },
      signal,
    );
  }

  /** `GET /v1/apiKeys/{uid}`. */
  async getApiKey(uid: string, signal?: AbortSignal): Promise<V1ApiKey> {
    const path = `/v1/apiKeys/${this.encodeUid(uid, 'GET', '/v1/apiKeys/{uid}')}`;
    return this.call({ method: 'GET', path, displayPath: path, auth: 'credential', idempotent: true, read: (json) => checkApiKey(json) }, signal);
  }

  /**
   * `POST /v1/apiKeys`. The returned `apiKey` is the only copy of the key value Palette will ever
   * give out, so this call is never retried: a retry after a lost answer would create a second key.
   */
  async createApiKey(body: V1ApiKeyEntity, signal?: AbortSignal): Promise<{ uid: string; apiKey: string }> {
    return this.call(
      {
        method: 'POST',
        path: '/v1/apiKeys',
        displayPath: '/v1/apiKeys',
        body,
        auth: 'credential',
        idempotent: false,
        read: checkCreateResponse,
        uncertainOutcomeHint: CREATE_HINT,
      },
      signal,
    );
  }

  /** `PUT /v1/apiKeys/{uid}`: name, description and expiry. */
  async updateApiKey(uid: string, body: V1ApiKeyUpdate, signal?: AbortSignal): Promise<void> {
    const path = `/v1/apiKeys/${this.encodeUid(uid, 'PUT', '/v1/apiKeys/{uid}')}`;
    await this.call({ method: 'PUT', path, displayPath: path, body, auth: 'credential', idempotent: true }, signal);
  }

  /**
   * `PUT /v1/apiKeys/{uid}/state` with `{isActive}`: revoke or re-activate. Falls back to the older
   * `PATCH /v1/apiKeys/{uid}` when the server does not know the state route (405).
   */
  async setApiKeyActive(uid: string, isActive: boolean, signal?: AbortSignal): Promise<void> {
    const encoded = this.encodeUid(uid, 'PUT', '/v1/apiKeys/{uid}/state');
    const body = { isActive };
    try {
      const path = `/v1/apiKeys/${encoded}/state`;
      await this.call({ method: 'PUT', path, displayPath: path, body, auth: 'credential', idempotent: true }, signal);
    } catch (e) {
      if (!isPaletteApiError(e) || e.status !== 405) throw e;
      const path = `/v1/apiKeys/${encoded}`;
      await this.call({ method: 'PATCH', path, displayPath: path, body, auth: 'credential', idempotent: true }, signal);
    }
  }

  /** `DELETE /v1/apiKeys/{uid}`. */
  async deleteApiKey(uid: string, signal?: AbortSignal): Promise<void> {
    const path = `/v1/apiKeys/${this.encodeUid(uid, 'DELETE', '/v1/apiKeys/{uid}')}`;
    await this.call({ method: 'DELETE', path, displayPath: path, auth: 'credential', idempotent: true }, signal);
  }

  /** `GET /v1/users/info`: who the credential belongs to. `userUid` and `tenantUid` are guaranteed. */
  async getUserInfo(signal?: AbortSignal): Promise<V1UserInfo> {
    return this.call(
      { method: 'GET', path: '/v1/users/info', displayPath: '/v1/users/info', auth: 'credential', idempotent: true, read: checkUserInfo },
      signal,
    );
  }

  /** `GET /v1/users` (tenant admin), following `listmeta.continue` until the last page. */
  async listUsers(signal?: AbortSignal): Promise<V1User[]> {
    const users: V1User[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    for (let page = 0; page < MAX_USER_PAGES; page++) {
      const path = token === undefined ? '/v1/users' : `/v1/users?continue=${encodeURIComponent(token)}`;
      const result = await this.call(
        { method: 'GET', path, displayPath: '/v1/users', auth: 'credential', idempotent: true, read: checkUserPage },
        signal,
      );
      users.push(...result.items);
      const next = result.listmeta?.continue;
      if (!next) return users;
      if (seen.has(next)) {
        throw malformedResponse(this.context('GET', '/v1/users', 'credential'), 'a user list that repeats its continue token');
      }
      seen.add(next);
      token = next;
    }
    throw malformedResponse(this.context('GET', '/v1/users', 'credential'), `a user list longer than ${MAX_USER_PAGES} pages`);
  }

  /**
   * `POST /v1/auth/authenticate`: exchanges email/password for a JWT. Never retried. The client
   * calls this itself for a password credential; it is public for a sign-in check.
   */
  async authenticate(login: V1AuthLogin, signal?: AbortSignal): Promise<string> {
    this.redactor.add(login.password);
    const token = await this.call(
      {
        method: 'POST',
        path: '/v1/auth/authenticate',
        displayPath: '/v1/auth/authenticate',
        body: login,
        auth: 'none',
        rejects: 'password',
        idempotent: false,
        read: checkUserToken,
      },
      signal,
    );
    this.redactor.add(token);
    return token;
  }

  /** `GET /v1/auth/refresh/{token}`: a fresh JWT for a still-valid one. */
  async refreshToken(token: string, signal?: AbortSignal): Promise<string> {
    const displayPath = '/v1/auth/refresh/{token}';
    if (!token.trim()) throw makeError(this.context('GET', displayPath, 'none'), 'invalidRequest', 'No token to refresh.');
    this.redactor.add(token);
    const fresh = await this.call(
      {
        method: 'GET',
        path: `/v1/auth/refresh/${encodeURIComponent(token)}`,
        displayPath,
        auth: 'none',
        headers: { authorization: token },
        idempotent: true,
        read: checkUserToken,
      },
      signal,
    );
    this.redactor.add(fresh);
    return fresh;
  }

  /** Releases connections. Later calls fail with `cancelled`. A dispatcher passed in stays open. */
  async close(): Promise<void> {
    this.closed = true;
    const pending = this.transport;
    this.transport = undefined;
    if (!pending) return;
    try {
      await (await pending).close();
    } catch {
      // Setup failed or already closed: nothing to release.
    }
  }

  private context(method: string, displayPath: string, auth: 'credential' | 'none' | 'password', hint?: string): ErrorContext {
    return {
      host: this.host,
      method,
      path: displayPath,
      redact: (text) => this.redactor.redact(text),
      now: this.now,
      credential: auth === 'credential' ? this.credential.kind : auth,
      ...(hint ? { uncertainOutcomeHint: hint } : {}),
      ...(this.options.caHint ? { caHint: this.options.caHint } : {}),
    };
  }

  private encodeUid(uid: string, method: string, displayPath: string): string {
    // '.' and '..' survive encodeURIComponent and would be resolved as path segments.
    if (typeof uid !== 'string' || !uid.trim() || uid === '.' || uid === '..') {
      throw makeError(this.context(method, displayPath, 'credential'), 'invalidRequest', 'An API key uid is required.');
    }
    return encodeURIComponent(uid);
  }

  /** Runs one operation with auth, retries (idempotent only) and one re-login on a stale JWT. */
  private async call<T>(call: Call<T>, signal?: AbortSignal): Promise<T> {
    const ctx = this.context(call.method, call.displayPath, call.rejects ?? call.auth, call.uncertainOutcomeHint);
    let retries = 0;
    let relogged = false;
    for (;;) {
      let jwt: string | undefined;
      try {
        const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.userAgent, ...call.headers };
        if (call.auth === 'credential') {
          if (this.credential.kind === 'apiKey') {
            headers.apikey = this.credential.apiKey;
          } else if (this.session) {
            // Sign-in failures surface as they are: authenticate (a POST) is never retried.
            jwt = await this.raceSignal(this.session.authorization(), signal, ctx).catch((e: unknown) => {
              throw new SignInFailure(isPaletteApiError(e) ? e : errorFromTransport(ctx, e));
            });
            headers.authorization = jwt;
          }
        }
        return await this.once(call, headers, ctx, signal);
      } catch (e) {
        if (e instanceof SignInFailure) throw e.error;
        const error = isPaletteApiError(e) ? e : errorFromTransport(ctx, e);
        if (error.kind === 'unauthenticated' && jwt !== undefined && this.session) {
          // The server dropped our session early; a fresh login fixes that, once.
          this.session.invalidate(jwt);
          if (call.idempotent && !relogged) {
            relogged = true;
            continue;
          }
        }
        if (!call.idempotent || !isRetryableError(error)) throw error;
        // Say that we kept trying: otherwise a 503 after 4 attempts reads like a single failure.
        if (retries >= this.retry.maxRetries) throw retries > 0 ? gaveUp(error, retries + 1) : error;
        const wait = retryDelayMs(retries, this.retry, this.random, error.retryAfterMs);
        retries++;
        try {
          await this.sleep(wait, signal);
        } catch {
          throw this.cancelled(ctx);
        }
        if (signal?.aborted) throw this.cancelled(ctx);
      }
    }
  }

  /** One HTTP exchange under the per-request timeout. */
  private async once<T>(call: Call<T>, headers: Record<string, string>, ctx: ErrorContext, signal?: AbortSignal): Promise<T> {
    if (this.closed) throw makeError(ctx, 'cancelled', 'The Palette client was closed.');
    if (this.insecureRefusal) throw makeError(ctx, 'invalidRequest', this.insecureRefusal, { code: 'INSECURE_HTTP' });
    if (signal?.aborted) throw this.cancelled(ctx);
    const transport = await this.getTransport(ctx);
    let body: string | undefined;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
    }

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });

    let status: number;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const response = await transport.send({
        origin: this.origin,
        path: call.path,
        method: call.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: controller.signal,
        maxResponseBytes: this.maxResponseBytes,
      });
      status = response.status;
      responseHeaders = response.headers;
      text = response.text;
    } catch (e) {
      if (timedOut) {
        throw makeError(ctx, 'timeout', withHint(ctx, `Palette at ${this.host} did not answer ${call.method} ${call.displayPath} within ${formatSeconds(this.timeoutMs)}.`));
      }
      if (signal?.aborted) throw this.cancelled(ctx);
      if (e instanceof BodyTooLargeError) {
        throw malformedResponse(ctx, `a response larger than ${Math.round(this.maxResponseBytes / 1024)} KiB`);
      }
      throw errorFromTransport(ctx, e);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }

    if (status < 200 || status >= 300) throw errorFromStatus(ctx, status, responseHeaders, text);
    if (!call.read) return undefined as T;

    const contentType = firstHeader(responseHeaders['content-type']);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw malformedResponse(ctx, `${describeBody(contentType, text)} instead of JSON`, status);
    }
    try {
      return call.read(json);
    } catch (e) {
      if (e instanceof ResponseShapeError) throw malformedResponse(ctx, `a response in an unexpected shape (${e.message})`, status);
      throw e;
    }
  }

  private getTransport(ctx: ErrorContext): Promise<HttpTransport> {
    if (!this.transport) {
      const created = createTransport({
        ...(this.options.caCertificates ? { caCertificates: this.options.caCertificates } : {}),
        ...(this.options.caFile ? { caFile: this.options.caFile } : {}),
        ...(this.proxy ? { proxy: this.proxy } : {}),
        ...(this.options.dispatcher ? { dispatcher: this.options.dispatcher } : {}),
        connectTimeoutMs: this.timeoutMs,
      });
      this.transport = created;
      // A failed setup (unreadable CA file) is retried on the next request, once fixed.
      created.catch(() => {
        if (this.transport === created) this.transport = undefined;
      });
    }
    return this.transport.catch((e: unknown) => {
      if (e instanceof TransportSetupError) throw makeError(ctx, 'tls', e.message, { code: 'CA_CONFIG' });
      throw makeError(ctx, 'network', 'The connection to Palette could not be set up. Check the proxy settings.');
    });
  }

  private raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined, ctx: ErrorContext): Promise<T> {
    if (!signal) return promise;
    if (signal.aborted) return Promise.reject(this.cancelled(ctx));
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(this.cancelled(ctx));
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private cancelled(ctx: ErrorContext): PaletteApiError {
    return makeError(ctx, 'cancelled', `${ctx.method} ${ctx.path} was cancelled.`);
  }
}

/** The last error of a retried request, its message noting how many attempts were made. */
function gaveUp(error: PaletteApiError, attempts: number): PaletteApiError {
  return new PaletteApiError({
    kind: error.kind,
    message: `${error.message} Gave up after ${attempts} attempts.`,
    host: error.host,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.code !== undefined ? { code: error.code } : {}),
    ...(error.ref !== undefined ? { ref: error.ref } : {}),
    ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    ...(error.method !== undefined ? { method: error.method } : {}),
    ...(error.path !== undefined ? { path: error.path } : {}),
  });
}

/** Carries a sign-in error past the retry loop. */
class SignInFailure extends Error {
  constructor(readonly error: PaletteApiError) {
    super('sign-in failed');
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new TypeError('The Palette URL is not a valid URL (expected e.g. https://api.spectrocloud.com).');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError('The Palette URL must start with https:// (or http:// for a local emulator).');
  }
  if (url.username || url.password) {
    throw new TypeError('The Palette URL must not contain a user name or password.');
  }
  return url;
}

function parseProxyUrl(proxyUrl: string): void {
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    // Not echoed: a proxy URL may hold proxy credentials.
    throw new TypeError('The proxy URL is not a valid URL (expected e.g. http://proxy.example.com:3128).');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError('The proxy URL must start with http:// or https://.');
  }
}
