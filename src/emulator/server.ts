import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { registerApiKeyRoutes } from './apiKeyRoutes';
import { EmulatorAuth, type Principal } from './auth';
import { registerAuthRoutes } from './authRoutes';
import { CONTROL_PREFIX, registerControlRoutes } from './controlRoutes';
import { applyCors } from './cors';
import { EmulatorHttpError, badRequest, methodNotAllowed, notFound, payloadTooLarge } from './errors';
import { FaultInjector } from './faults';
import { loadSeedFile, saveStateFile, stateFileExists } from './persistence';
import { sendError, sendFault, sendReply } from './responses';
import { Router, type RouteContext } from './router';
import { buildDefaultSeed, materializeSeed, type EmulatorCredentials, type SeedDocument } from './seed';
import { EmulatorStore } from './store';
import { registerUserRoutes } from './userRoutes';

const MAX_BODY_BYTES = 1024 * 1024;

export interface EmulatorOptions {
  /** 0 (the default here; the CLI defaults to 8787) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the emulator is for local use only. */
  host?: string;
  /** Fixed value for the seeded admin's sign-in key (random otherwise). */
  adminKey?: string;
  /** Fixed value for the first seeded user's sign-in key (random otherwise). */
  userKey?: string;
  /** A seed given in-process; wins over `seedFile`. */
  seed?: SeedDocument;
  seedFile?: string;
  /** Saved after every change; loaded at start when it exists and no seed is given. */
  stateFile?: string;
  /** PEM files: with both, the emulator serves HTTPS. */
  tlsCertFile?: string;
  tlsKeyFile?: string;
  /** JWT lifetime, default 900 (15 minutes). */
  tokenTtlSeconds?: number;
  /** Clock in epoch milliseconds, for expiry tests. */
  now?: () => number;
  /**
   * Origins whose cross-origin (CORS) requests are answered, `*` for any: what a Palette host must
   * allow for VS Code for the Web. Default none.
   */
  corsOrigins?: readonly string[];
  /** Where internal errors are reported (never with secrets); default stderr. */
  onInternalError?: (summary: string) => void;
}

export interface RunningEmulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  /** Seeded sign-in material known in clear (passwords and the sign-in keys). */
  credentials: EmulatorCredentials;
  /** Live state: inspect or change it from tests. */
  store: EmulatorStore;
  faults: FaultInjector;
  auth: EmulatorAuth;
  close(): Promise<void>;
}

/**
 * Starts a local Palette API emulator: a real HTTP(S) server keeping Palette's contract for API
 * keys, users and authentication, plus `/__emulator/*` control endpoints that need no credentials.
 * For local tests and demos only; never expose it.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const seed = options.seed
    ?? (options.seedFile !== undefined ? loadSeedFile(options.seedFile) : undefined)
    ?? (options.stateFile !== undefined && stateFileExists(options.stateFile) ? loadSeedFile(options.stateFile) : undefined)
    ?? buildDefaultSeed(now());
  const { state, credentials } = materializeSeed(seed, now(), { adminKey: options.adminKey, userKey: options.userKey });

  const store = new EmulatorStore(state, now);
  const faults = new FaultInjector();
  const auth = new EmulatorAuth(store, now, options.tokenTtlSeconds);
  const router = new Router();
  registerAuthRoutes(router, store, auth);
  registerApiKeyRoutes(router, store, now);
  registerUserRoutes(router, store);
  registerControlRoutes(router, store, faults);

  const stateFile = options.stateFile;
  const stopSaving = stateFile !== undefined ? store.onChange((snapshot) => saveStateFile(stateFile, snapshot)) : () => undefined;
  if (stateFile !== undefined) saveStateFile(stateFile, store.snapshot());

  const reportInternal = options.onInternalError ?? ((summary: string) => process.stderr.write(`palette-emulator: ${summary}\n`));
  const pending = new AbortController();
  const corsOrigins = options.corsOrigins ?? [];
  const listener = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    if (applyCors(request, response, corsOrigins)) return;
    void handle(request, response, { router, auth, faults, signal: pending.signal, reportInternal });
  };

  const tls = options.tlsCertFile !== undefined && options.tlsKeyFile !== undefined;
  const server: http.Server = tls
    ? https.createServer({ cert: readFileSync(options.tlsCertFile as string), key: readFileSync(options.tlsKeyFile as string) }, listener)
    : http.createServer(listener);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `${tls ? 'https' : 'http'}://${urlHost(host)}:${port}`,
    port,
    credentials,
    store,
    faults,
    auth,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        stopSaving();
        pending.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

interface HandlerDeps {
  router: Router;
  auth: EmulatorAuth;
  faults: FaultInjector;
  signal: AbortSignal;
  reportInternal: (summary: string) => void;
}

async function handle(request: http.IncomingMessage, response: http.ServerResponse, deps: HandlerDeps): Promise<void> {
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://emulator.invalid');
  const path = url.pathname;
  try {
    // Faults hit Palette routes only, so tests can always reach the control endpoints.
    const fault = path.startsWith(CONTROL_PREFIX) ? undefined : deps.faults.take(method, path);
    let body: Promise<unknown> | undefined;
    if (fault?.latencyMs && !fault.action) {
      // A slow server already has the request: read it now, so a client that gives up during the
      // delay leaves it processed with the answer lost (the case a create's "may exist" is about).
      body = readJson(request);
      body.catch(() => undefined);
    }
    if (fault?.latencyMs) await delay(fault.latencyMs, deps.signal);
    if (deps.signal.aborted) {
      request.socket.destroy();
      return;
    }
    if (fault?.action) {
      sendFault(request, response, fault.action);
      return;
    }

    const match = deps.router.match(method, path);
    if (match.kind === 'notFound') throw notFound('Resource');
    if (match.kind === 'methodNotAllowed') throw methodNotAllowed();
    let principal: Principal | undefined;
    const context: RouteContext = {
      method,
      path,
      params: match.params,
      query: url.searchParams,
      headers: request.headers,
      body: () => (body ??= readJson(request)),
      principal: () => (principal ??= deps.auth.authenticate(request.headers)),
    };
    sendReply(response, await match.handler(context));
  } catch (error) {
    if (response.headersSent || request.socket.destroyed) return;
    if (error instanceof EmulatorHttpError) {
      sendError(response, error);
      return;
    }
    // Only the stack frames: an unexpected message might quote request data.
    const frames = error instanceof Error ? (error.stack ?? '').split('\n').slice(1, 4).join(' ').trim() : '';
    deps.reportInternal(`internal error ${error instanceof Error ? error.name : typeof error} ${frames}`);
    sendError(response, new EmulatorHttpError(500, 'InternalError', 'Internal emulator error'));
  }
}

async function readJson(request: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw payloadTooLarge();
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('Request body is not valid JSON');
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
