import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { assertSeedDocument, type SeedDocument } from './seed';
import type { EmulatorState } from './store';

/** Reads and checks a `--seed` (or saved `--state`) file. Errors name the file, never its contents. */
export function loadSeedFile(path: string): SeedDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Seed file ${path} cannot be read`, { cause: error });
  }
  const parsed = parseJson(text);
  // No parser message: it would quote the file, which may hold key values in clear.
  if (parsed === undefined) throw new Error(`Seed file ${path} is not valid JSON`);
  assertSeedDocument(parsed, `Seed file ${path}`);
  return parsed;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function stateFileExists(path: string): boolean {
  return existsSync(path);
}

/**
 * Writes the state atomically (temporary file, then rename), so a reader or a crash never sees half
 * a file. Only hashes of key values and passwords are in it.
 */
export function saveStateFile(path: string, state: EmulatorState): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}
