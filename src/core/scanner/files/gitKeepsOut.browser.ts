/**
 * The browser build's `gitKeepsOut`: there is no git to ask in a web worker, so it never knows,
 * and a key in any file stays an error (the caller treats unknown as shared).
 */
export async function gitKeepsOut(_filePath: string, _signal?: AbortSignal): Promise<boolean | undefined> {
  return undefined;
}
