/** Characters shown at each end of a masked value. */
const VISIBLE_EACH_END = 4;
/** Values shorter than this are masked completely, so at least half of any value stays hidden. */
const MIN_LENGTH_TO_SHOW_ENDS = 16;

/**
 * Masks a secret for display: the first and last 4 characters around an ellipsis (`QMOI…juvl`), so
 * a person can tell keys apart while 24 of 32 characters (~143 bits) stay hidden. Short values
 * show nothing but the ellipsis. Every finding is masked here, in the core, so nothing downstream
 * (diagnostics, CLI output, logs) ever holds a raw value.
 */
export function maskSecret(value: string): string {
  if (value.length < MIN_LENGTH_TO_SHOW_ENDS) return '…';
  return `${value.slice(0, VISIBLE_EACH_END)}…${value.slice(-VISIBLE_EACH_END)}`;
}
