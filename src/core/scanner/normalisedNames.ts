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
    const initial = firstAlphanumeric(text, start, end);
    if (initial >= 0 && this.initials[initial | 0x20] !== 1) return false;
    for (const name of this.names) {
      const verdict = compareNormalised(text, start, end, name);
      if (verdict === Verdict.Equal) return true;
      if (verdict === Verdict.Undecided) return this.names.includes(normalise(text.slice(start, end)));
    }
    return false;
  }
}

/**
 * The first ASCII letter or digit of a range, which starts its normalised form; -1 when there is
 * none or a character other than ASCII comes first (its lower case may be a letter).
 */
function firstAlphanumeric(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128) return -1;
    if (inClass(ALNUM, code)) return code;
  }
  return -1;
}

const enum Verdict {
  Differs,
  Equal,
  /** A character other than ASCII came before any difference: only `normalise` can tell. */
  Undecided,
}

/**
 * `normalise(text.slice(start, end))` against `name`, reading the range once: a difference among
 * the ASCII characters before any other character is final, as later characters cannot change it.
 */
function compareNormalised(text: string, start: number, end: number, name: string): Verdict {
  let matched = 0;
  for (let i = start; i < end; i++) {
    let code = text.charCodeAt(i);
    if (code >= 128) return Verdict.Undecided;
    if (code >= 65 && code <= 90) code += 32;
    else if (!inClass(ALNUM, code)) continue;
    if (code !== name.charCodeAt(matched++)) return Verdict.Differs;
  }
  return matched === name.length ? Verdict.Equal : Verdict.Differs;
}
