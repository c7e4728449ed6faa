/** The leak scanner's commands; `revokeLeakedKey` and `ignoreFinding` back its quick fixes. */
export const SCANNER_COMMAND_IDS = [
  'paletteKeys.scanWorkspace',
  'paletteKeys.registerKnownKey',
  'paletteKeys.revokeLeakedKey',
  'paletteKeys.ignoreFinding',
  'paletteKeys.fixFinding',
] as const;

export type ScannerCommandId = (typeof SCANNER_COMMAND_IDS)[number];

/** The git history scan's commands (src/host/history). */
export const HISTORY_COMMAND_IDS = [
  'paletteKeys.scanHistory',
  'paletteKeys.openHistoryFile',
  'paletteKeys.revokeHistoryLeak',
  'paletteKeys.ignoreHistoryLeak',
  'paletteKeys.copyHistoryCommitId',
] as const;

export type HistoryCommandId = (typeof HISTORY_COMMAND_IDS)[number];

/** Keys in the integrated terminals' environment (src/host/terminal). */
export const TERMINAL_COMMAND_IDS = [
  'paletteKeys.useInTerminals',
  'paletteKeys.stopUsingInTerminals',
] as const;

export type TerminalCommandId = (typeof TERMINAL_COMMAND_IDS)[number];

/** Every command this extension contributes. `package.json` must list exactly these (a host test checks). */
export const COMMAND_IDS = [
  'paletteKeys.signIn',
  'paletteKeys.signOut',
  'paletteKeys.switchConnection',
  'paletteKeys.refresh',
  'paletteKeys.createKey',
  'paletteKeys.editKey',
  'paletteKeys.revokeKey',
  'paletteKeys.reactivateKey',
  'paletteKeys.deleteKey',
  'paletteKeys.renewKey',
  'paletteKeys.rotateKey',
  'paletteKeys.copyKeyUid',
  'paletteKeys.openInConsole',
  'paletteKeys.reviewKeys',
  'paletteKeys.filterKeys',
  'paletteKeys.clearFilter',
  'paletteKeys.showLog',
  'paletteKeys.showKeyDetails',
  ...SCANNER_COMMAND_IDS,
  ...HISTORY_COMMAND_IDS,
  ...TERMINAL_COMMAND_IDS,
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

export const VIEW_CONTAINER_ID = 'paletteKeys';
export const VIEW_IDS = {
  keys: 'paletteKeys.keys',
  history: 'paletteKeys.history',
  findings: 'paletteKeys.findings',
} as const;

export const OUTPUT_CHANNEL_NAME = 'Palette API Keys';

/** Context key set by the Node entry point only: menus of what needs Node (git, terminals) use it. */
export const NODE_HOST_CONTEXT = 'paletteKeys.nodeHost';
