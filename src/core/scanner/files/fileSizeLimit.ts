/** Default size limit for scanned files (1 MB); larger files are skipped. */
export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
