import { ALNUM, inClass } from './charClass';

/** A name lower-cased with its characters other than ASCII letters and digits dropped (`X-API-Key` → `xapikey`). */
export function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Normalised names that ranges of a text are tested against (`has`) without building a string for
 * an ASCII name, as rules do for every line of a file. `toLowerCase` turns some other characters
 * into ASCII letters (the Kelvin sign into `k`): a name with any is normalised in full.
 */
export class NormalisedNames {
  /** 1 for the first character of some name: most names are told apart by their first letter or digit. */
  private readonly initials = new Uint8Array(128);

  constructor(private readonly names: readonly string[]) {
    for (const name of names) this.initials[name.charCodeAt(0)] = 1;
  }

  /** Whether `normalise(text.slice(start, end))` is one of the names. */
  has(text: string, start: number, end: number): boolean {
    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code >= 128) break;
      if (inClass(ALNUM, code)) {
        if (this.initials[code | 0x20] !== 1) return false;
        break;
      }
    }
    for (let i = start; i < end; i++) if (text.charCodeAt(i) >= 128) return this.names.includes(normalise(text.slice(start, end)));
    for (const name of this.names) if (asciiNormalisedEquals(text, start, end, name)) return true;
    return false;
  }
}

/** `normalise(text.slice(start, end)) === name` for an ASCII range. */
function asciiNormalisedEquals(text: string, start: number, end: number, name: string): boolean {
  let matched = 0;
  for (let i = start; i < end; i++) {
    let code = text.charCodeAt(i);
    if (code >= 65 && code <= 90) code += 32;
    else if (!inClass(ALNUM, code)) continue;
    if (code !== name.charCodeAt(matched++)) return false;
  }
  return matched === name.length;
}
