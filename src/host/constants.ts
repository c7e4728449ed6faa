/** Every command and view this extension contributes. `package.json` must list exactly these. */
export const COMMAND_IDS = [
  'paletteKeys.showLog',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

export const VIEW_CONTAINER_ID = 'paletteKeys';
export const VIEW_IDS = {
  keys: 'paletteKeys.keys',
} as const;

export const OUTPUT_CHANNEL_NAME = 'Palette API Keys';
