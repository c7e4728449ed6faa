import { isLoopbackHost } from '../connections/hostUrl';

/**
 * Where proxy settings come from: VS Code's `http.proxy`, `http.noProxy`, `http.proxyStrictSSL`
 * and `http.proxyAuthorization`, and the process environment (`HTTPS_PROXY`, `NO_PROXY`, ...).
 */
export interface ProxyConfig {
  /** `http.proxy` (or a connection's own proxy): wins over the environment. */
  readonly url?: string;
  /** `http.noProxy`: hosts never proxied, added to `NO_PROXY`. */
  readonly noProxy?: readonly string[];
  /** `HTTPS_PROXY`/`https_proxy`, `HTTP_PROXY`/`http_proxy`, `NO_PROXY`/`no_proxy` are read from here. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `http.proxyStrictSSL`: verify the proxy's own certificate (an `https:` proxy). Default true. */
  readonly strictSSL?: boolean;
  /** `http.proxyAuthorization`: the `Proxy-Authorization` header value sent with CONNECT. */
  readonly authorization?: string;
}

/** The proxy a request to one origin goes through. */
export interface ResolvedProxy {
  readonly uri: string;
  readonly authorization?: string;
  readonly strictSSL: boolean;
}

/**
 * Picks the proxy for `target`, or none. Loopback targets are never proxied (a local emulator's
 * `ApiKey` header must not leave the machine); then `http.noProxy` and `NO_PROXY` exclude hosts;
 * then `http.proxy` wins over `HTTPS_PROXY` (https targets) or `HTTP_PROXY` (http targets).
 */
export function resolveProxy(target: URL, config: ProxyConfig): ResolvedProxy | undefined {
  if (isLoopbackHost(target.hostname)) return undefined;
  const env = config.env ?? {};
  const fromEnv = target.protocol === 'https:'
    ? env.HTTPS_PROXY ?? env.https_proxy
    : env.HTTP_PROXY ?? env.http_proxy;
  const uri = nonEmpty(config.url) ?? nonEmpty(fromEnv);
  if (!uri) return undefined;
  const exclusions = [...(config.noProxy ?? []), ...splitList(env.NO_PROXY ?? env.no_proxy ?? '')];
  if (exclusions.some((entry) => matchesNoProxy(target, entry))) return undefined;
  const authorization = nonEmpty(config.authorization);
  return { uri, strictSSL: config.strictSSL !== false, ...(authorization ? { authorization } : {}) };
}

/**
 * One `NO_PROXY` entry against a target, as curl and VS Code read it: `*` matches all; `example.com`,
 * `.example.com` and `*.example.com` match that domain and its subdomains; `host:port` only that
 * port; an IP literal matches itself.
 */
export function matchesNoProxy(target: URL, rawEntry: string): boolean {
  let entry = rawEntry.trim().toLowerCase();
  if (entry === '') return false;
  if (entry === '*') return true;
  const hostname = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  // `host:port`, `[v6]:port`; a bare IPv6 literal has several colons and no port.
  const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
  if (withPort) {
    if (withPort[2] !== port) return false;
    entry = withPort[1] ?? '';
  }
  entry = entry.replace(/^\[|\]$/g, '').replace(/^\*\./, '.');
  if (/^[\d.]+$/.test(entry) || entry.includes(':')) return hostname === entry;
  if (entry.startsWith('.')) return hostname === entry.slice(1) || hostname.endsWith(entry);
  return hostname === entry || hostname.endsWith(`.${entry}`);
}

function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter((entry) => entry !== '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
