/** The leak scanner's commands; `revokeLeakedKey` and `ignoreFinding` back its quick fixes. */
export const SCANNER_COMMAND_IDS = [
  'paletteKeys.scanWorkspace',
  'paletteKeys.registerKnownKey',
  'paletteKeys.revokeLeakedKey',
  'paletteKeys.ignoreFinding',
] as const;

export type ScannerCommandId = (typeof SCANNER_COMMAND_IDS)[number];

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
  ...SCANNER_COMMAND_IDS,
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

export const VIEW_CONTAINER_ID = 'paletteKeys';
export const VIEW_IDS = {
  keys: 'paletteKeys.keys',
} as const;

export const OUTPUT_CHANNEL_NAME = 'Palette API Keys';
