/**
 * Words that tie text to Palette: Spectro Cloud names, Palette's env vars, the SDKs, the API host.
 * A bare "palette" is too common (colour palettes) and only counts next to an API word.
 */
export const PALETTE_MENTION = /spectro[-_ ]?cloud|spectrocloud|spectro_|palette[-_ .]?(?:api|host|sdk|cli|url|uri|endpoint|project|key|token|tenant|vertex)/i;

/** Cheap test for any word that a context detector anchors on; text without one needs no context pass. */
export const CONTEXT_ANCHOR = /api[-_]?key|spectro|palette/i;
