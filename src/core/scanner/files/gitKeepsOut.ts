import * as fs from 'node:fs';
import * as path from 'node:path';
import { runGit } from '../history/gitProcess';

/**
 * Whether git keeps a file out of the repository: it is ignored and not tracked. Git answers this
 * itself (`check-ignore` leaves tracked files out, since ignore rules do not apply to them), so a
 * `.env` that was committed before it was ignored counts as tracked. Undefined when git cannot say
 * (not a repository, git missing): the caller then treats the file as shared.
 */
export async function gitKeepsOut(filePath: string, signal?: AbortSignal): Promise<boolean | undefined> {
  // A file deleted since its scan: git cannot start in a folder that is gone.
  if (!fs.existsSync(path.dirname(filePath))) return undefined;
  try {
    const result = await runGit(path.dirname(filePath), ['check-ignore', '--quiet', '--', path.basename(filePath)], signal);
    if (result.code === 0) return true;
    if (result.code === 1) return false;
    return undefined;
  } catch {
    return undefined;
  }
}
