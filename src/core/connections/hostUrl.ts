/** Result of checking a Palette host typed by a user. */
export type HostCheck =
  | { ok: true; baseUrl: string; warning?: string }
  | { ok: false; message: string };

export const DEFAULT_PALETTE_HOST = 'https://api.spectrocloud.com';

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * Turns what a user typed into the base URL the client calls: adds `https://` to a bare host name,
 * drops trailing slashes and an accidental `/v1` path, refuses anything that is not http(s).
 */
export function normalizePaletteHost(input: string): HostCheck {
  const text = input.trim();
  if (text.length === 0) return { ok: false, message: 'Enter the Palette host, for example api.spectrocloud.com.' };
  if (/\s/.test(text)) return { ok: false, message: 'A host cannot contain spaces.' };
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
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  const baseUrl = `${url.protocol}//${url.host}${path}`;
  if (url.protocol === 'http:' && !LOCAL_HOSTNAMES.has(url.hostname)) {
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
