/** How a setting, variable or header name relates to a Palette API key. */
export type KeyNameKind = 'palette' | 'generic';

const PALETTE_WORD = /spectro|palette/;
const KEY_WORD = /(?:key|token)$/;
const GENERIC_NAMES: ReadonlySet<string> = new Set(['apikey', 'xapikey', 'apikeyvalue']);

/**
 * Classifies a name: `palette` for names that say Palette/Spectro Cloud and key or token
 * (`SPECTROCLOUD_APIKEY`, `PALETTE_API_KEY`, `TF_VAR_spectrocloud_api_key`, `spectrocloud.apiKey`),
 * `generic` for a bare API-key name (`apiKey`, `API_KEY`, `--api-key`, `config.apiKey`), undefined
 * otherwise (including other vendors' keys such as `OPENAI_API_KEY`).
 */
export function classifyKeyName(name: string): KeyNameKind | undefined {
  // A setting name runs to tens of characters; a run of name characters this long is data, not a name.
  if (name.length > MAX_NAME_LENGTH) return undefined;
  // Files repeat the same few names (thousands of `SPECTROCLOUD_APIKEY=` lines): classify each once.
  if (name.length > MEMO_NAME_LENGTH) return holdsK(name) ? classify(name) : undefined;
  const remembered = memo.get(name);
  if (remembered !== undefined) return remembered ?? undefined;
  const kind = classify(name);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(name, kind ?? null);
  return kind;
}

/** Longest name classified (`TF_VAR_spectrocloud_api_key` is 27 characters; dotted config paths run longer). */
const MAX_NAME_LENGTH = 512;
const MEMO_LIMIT = 4096;
const MEMO_NAME_LENGTH = 128;
const memo = new Map<string, KeyNameKind | null>();

/**
 * Whether the name has a `k` once lower-cased, as every name `classify` accepts does (its last part
 * ends in `key` or `token`, or is `apikey`…): a long run of name characters without one is
 * dismissed without lower-casing and splitting it. `toLowerCase` makes `k` of `K` and the Kelvin sign.
 */
function holdsK(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code === 0x6b || code === 0x4b || code === 0x212a) return true;
  }
  return false;
}

function classify(name: string): KeyNameKind | undefined {
  const segments = name.toLowerCase().split('.');
  const last = segments[segments.length - 1].replace(/[^a-z0-9]/g, '');
  const whole = segments.join('').replace(/[^a-z0-9]/g, '');
  if (PALETTE_WORD.test(whole) && KEY_WORD.test(last) && !/color|colour|theme/.test(whole)) return 'palette';
  if (GENERIC_NAMES.has(last)) return 'generic';
  return undefined;
}
