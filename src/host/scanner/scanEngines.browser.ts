import type * as DesktopScanEngines from './scanEngines';
import { InHostDocumentScanner } from './inHostDocumentScanner';
import { InHostWorkspaceScanner } from './inHostWorkspaceScanner';

/**
 * The web build's scanners (port: `scanEngines.ts`). The web worker extension host has no worker
 * threads: both scan in the host itself, one file at a time under the same per-file time budget,
 * yielding between files so the host keeps answering.
 */
export const createScanEngines: typeof DesktopScanEngines.createScanEngines = (deps) => {
  const documents: InHostDocumentScanner = new InHostDocumentScanner(deps.store, deps.fingerprints, deps.settings, (uri) => workspace.rescan(uri), deps.log);
  const workspace: InHostWorkspaceScanner = new InHostWorkspaceScanner(deps.store, (uri) => documents.isOpen(uri), deps.fingerprints, deps.settings, deps.log);
  return { documents, workspace };
};
