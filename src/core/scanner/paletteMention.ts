/**
 * Words that tie text to Palette: Spectro Cloud names, Palette's env vars, the SDKs, the API host.
 * A bare "palette" is too common (colour palettes) and only counts next to an API word.
 */
export const PALETTE_MENTION = /spectro[-_ ]?cloud|spectrocloud|spectro_|palette[-_ .]?(?:api|host|sdk|cli|url|uri|endpoint|project|key|token|tenant|vertex)/i;

/** Cheap test for any word that a context detector anchors on; text without one needs no context pass. */
export const CONTEXT_ANCHOR = /api[-_]?key|spectro|palette/i;

/**
 * Every word a context detector needs: the anchors (`CONTEXT_ANCHOR`) and the section words
 * (`SECTION_WORDS` in rules/paletteSection.ts). One pass over the text answers for both (see
 * `contextWords` in detectorContext.ts). No word can overlap another, so reading the matches one
 * after another meets every occurrence of each.
 */
export const CONTEXT_WORD = /api[-_]?key|spectro|palette|sc_host/gi;
