import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Options of one raw HTTP call to the emulator. */
export interface CallOptions {
  apiKey?: string;
  /** Sent as `Authorization: <jwt>`. */
  jwt?: string;
  /** Serialised as JSON. */
  body?: unknown;
  /** Sent as is, for malformed bodies. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when empty or not JSON. */
  json: unknown;
}

/** One call with Node's fetch (not the project's PaletteClient, so the emulator is tested alone). */
export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey !== undefined) headers.ApiKey = options.apiKey;
  if (options.jwt !== undefined) headers.Authorization = options.jwt;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * A body for assertion messages with anything shaped like a key value or a JWT blanked, so a failing
 * test never prints a secret.
 */
export function redacted(text: string): string {
  return text
    .replace(/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, '[token]')
    .replace(/\b[A-Za-z0-9]{12,}\b/g, '[secret]');
}

/**
 * The repository root, found from the compiled test's folder. It looks for esbuild.mjs, since the
 * compiled tree may hold a copy of package.json.
 */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'esbuild.mjs'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('esbuild.mjs not found above the tests');
    dir = parent;
  }
  return dir;
}

/** A date `days` from `nowMs`, as RFC 3339. */
export function daysFrom(nowMs: number, days: number): string {
  return new Date(nowMs + days * 24 * 60 * 60 * 1000).toISOString();
}

/** A mutable clock for `startEmulator({ now })`. */
export class TestClock {
  constructor(public ms: number) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}
