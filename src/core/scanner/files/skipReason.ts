/** Why a file was not scanned. None of these is an error: the scan goes on without the file. */
export type SkipReason = 'too-large' | 'binary' | 'unreadable' | 'not-found' | 'not-a-file' | 'symlink-loop' | 'symlink';
