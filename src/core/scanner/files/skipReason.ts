/** Why a file was not scanned (`time-budget`: its scan ran past the per-file time budget). None of these is an error: the scan goes on without the file. */
export type SkipReason = 'too-large' | 'binary' | 'unreadable' | 'not-found' | 'not-a-file' | 'symlink-loop' | 'symlink' | 'time-budget';
