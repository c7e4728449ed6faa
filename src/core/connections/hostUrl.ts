/** Result of checking a Palette host typed by a user. */
export type HostCheck =
  | { ok: true; baseUrl: string; warning?: string }
  | { ok: false; message: string };

export const DEFAULT_PALETTE_HOST = 'https://api.spectrocloud.com';

/** The setting that names hosts plain http may reach; quoted in the refusal so the user knows the way out. */
export const ALLOW_INSECURE_HOSTS_SETTING = 'paletteKeys.allowInsecureHosts';

/**
 * Whether a host name, as the URL parser writes it, is loopback: `localhost`, 127.0.0.0/8 or `::1`.
 * Judged by the name as written, the way browsers decide a secure context, never by what it
 * resolves to: a name that resolves to 127.0.0.1 today may resolve elsewhere tomorrow.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  // The WHATWG parser already turned 127.1, 0x7f000001 and friends into dotted quads.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Whether `allowed` (the `paletteKeys.allowInsecureHosts` entries) names the host of `url`: by host
 * name, or host:port, case-insensitive. No wildcards: each insecure host is allowed on purpose.
 */
export function isAllowedInsecureHost(url: URL, allowed: readonly string[]): boolean {
  const names = new Set([url.hostname.toLowerCase(), url.host.toLowerCase()]);
  return allowed.some((entry) => typeof entry === 'string' && names.has(entry.trim().toLowerCase()));
}

/**
 * Why a request to `url` must not be sent: plain http to a host that is neither loopback nor
 * allowed. Undefined when it may be sent. The message says how to allow the host.
 */
export function insecureHostRefusal(url: URL, allowed: readonly string[]): string | undefined {
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname) || isAllowedInsecureHost(url, allowed)) return undefined;
  return `Palette at ${url.host} would be reached over plain http, so the API key would cross the network unencrypted. `
    + `Use https://${url.host}, or, only if the network to it is trusted, add "${url.hostname}" to the ${ALLOW_INSECURE_HOSTS_SETTING} setting `
    + '(User or Remote settings: a workspace cannot set it).';
}

/**
 * Turns what a user typed into the base URL the client calls: adds `https://` to a bare host name,
 * drops trailing slashes and an accidental `/v1` path, refuses anything that is not http(s).
 * With `allowInsecureHosts`, plain http to a host that is not loopback is refused unless listed
 * there (listed: accepted with a warning); without it, only warned about (the client refuses it).
 */
export function normalizePaletteHost(input: string, allowInsecureHosts?: readonly string[]): HostCheck {
  const text = input.trim();
  if (text.length === 0) return { ok: false, message: 'Enter the Palette host, for example api.spectrocloud.com.' };
  if (/\s/.test(text)) return { ok: false, message: 'A host cannot contain spaces.' };
  // The URL parser would read `/v1` as `https:///v1`, i.e. the host "v1": a path alone is no host.
  if (text.startsWith('/')) return { ok: false, message: `"${text}" is a path, not a host name: enter the host, for example api.spectrocloud.com.` };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: `"${text}" is not a valid URL or host name.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: `Palette is reached over https, not ${url.protocol.replace(':', '')}.` };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'Do not put credentials in the host URL.' };
  }
  if (url.search || url.hash) {
    return { ok: false, message: 'The host URL cannot have a query or fragment.' };
  }
  // Until stable: `//v1`, `/v1/v1/` and `/v1//` all come down to no path, so normalising is idempotent.
  let path = url.pathname;
  for (let previous = ''; previous !== path;) {
    previous = path;
    path = path.replace(/\/+$/, '').replace(/\/v1$/i, '');
  }
  const baseUrl = `${url.protocol}//${url.host}${path}`;
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    const refusal = allowInsecureHosts ? insecureHostRefusal(url, allowInsecureHosts) : undefined;
    if (refusal) return { ok: false, message: refusal };
    return {
      ok: true,
      baseUrl,
      warning: `${url.host} is reached over plain http: your API key would cross the network unencrypted.`,
    };
  }
  return { ok: true, baseUrl };
}

/** The web console that belongs to an API host: SaaS splits them, self-hosted Palette serves both. */
export function consoleUrlFor(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.hostname.startsWith('api.')) url.hostname = `console.${url.hostname.slice('api.'.length)}`;
  return `${url.protocol}//${url.host}`;
}
