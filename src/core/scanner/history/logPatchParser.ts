/** One commit as `git log` prints it with `LOG_FORMAT`. */
export interface CommitHeader {
  readonly id: string;
  readonly parents: readonly string[];
  /** The author's name; the e-mail address is never read. */
  readonly author: string;
  /** Author date, ISO 8601 (`%aI`). */
  readonly date: string;
  readonly message: string;
}

/**
 * The lines one commit adds to one file, with enough unchanged lines around them (git's context)
 * for detectors that read a name on the line above. Only `added` lines may be reported.
 */
export interface FileAdditions {
  readonly path: string;
  /** Line texts without git's prefix column(s); hunks are separated by an empty, unnumbered line. */
  readonly lines: readonly string[];
  /** Per line: true when this commit added it (for a merge: added against every parent). */
  readonly added: readonly boolean[];
  /** Per line: its 1-based line number in the file as of this commit (0 for a hunk separator). */
  readonly lineNumbers: readonly number[];
}

/** Why a file diff was not scanned. */
export type DiffSkipReason = 'too-large' | 'submodule';

export interface LogPatchEvents {
  commit(header: CommitHeader): void;
  file(additions: FileAdditions): void;
  skipped(path: string, reason: DiffSkipReason): void;
}

/**
 * The `--format` of the `git log` the parser reads: NUL-separated fields, so a message may hold any
 * line (even one starting with `diff `). A header starts with NUL, which no diff line does.
 */
export const LOG_FORMAT = 'format:%x00%H%x00%P%x00%an%x00%aI%x00%B%x00';
const HEADER_FIELDS = 7;

const enum State {
  /** Between commits or in a commit's diff before its first file. */
  Idle,
  /** Reading a multi-line commit header. */
  Header,
  /** In a file diff's header lines (`index`, `---`, `+++`, `rename from`…). */
  FileHeader,
  /** In a file diff's hunks. */
  Hunks,
}

/**
 * A streaming parser of `git log -p --cc --format=LOG_FORMAT` output, fed one line at a time. It
 * keeps one file diff in memory at a time, and drops a file's lines once they pass `maxFileChars`,
 * so memory stays bounded however long the history or however large a commit.
 */
export class LogPatchParser {
  private state = State.Idle;
  private header: string[] = [];
  private headerNuls = 0;
  private path: string | undefined;
  private skipReason: DiffSkipReason | undefined;
  private parents = 1;
  private newLine = 0;
  private lines: string[] = [];
  private added: boolean[] = [];
  private lineNumbers: number[] = [];
  private addedCount = 0;
  private chars = 0;

  constructor(private readonly events: LogPatchEvents, private readonly maxFileChars: number) {}

  /** Feeds one line, without its `\n`. */
  line(line: string): void {
    if (this.state === State.Header) {
      this.readHeader(line);
      return;
    }
    const first = line.charCodeAt(0);
    if (first === 0) {
      this.endFile();
      this.state = State.Header;
      this.header = [];
      this.headerNuls = 0;
      this.readHeader(line);
      return;
    }
    if (first === 0x64 /* d */ && line.startsWith('diff ')) {
      this.endFile();
      this.state = State.FileHeader;
      this.path = undefined;
      this.skipReason = undefined;
      return;
    }
    if (this.state === State.Hunks) this.readHunkLine(line, first);
    else if (this.state === State.FileHeader) this.readFileHeader(line, first);
  }

  /** A line too long to keep was dropped: the file it belongs to is skipped as too large. */
  overlongLine(): void {
    if (this.state === State.Hunks || this.state === State.FileHeader) this.dropFile('too-large');
  }

  /** Ends the last file diff. */
  end(): void {
    this.endFile();
    this.state = State.Idle;
  }

  private readHeader(line: string): void {
    this.header.push(line);
    for (let i = line.indexOf('\0'); i !== -1; i = line.indexOf('\0', i + 1)) this.headerNuls++;
    if (this.headerNuls < HEADER_FIELDS - 1) return;
    const fields = this.header.join('\n').split('\0');
    this.header = [];
    this.state = State.Idle;
    if (fields.length < HEADER_FIELDS) return;
    this.events.commit({
      id: fields[1],
      parents: fields[2] === '' ? [] : fields[2].split(' '),
      author: fields[3],
      date: fields[4],
      message: fields[5],
    });
  }

  private readFileHeader(line: string, first: number): void {
    if (first === 0x40 /* @ */) {
      this.startHunk(line);
      return;
    }
    if (line.startsWith('+++ ')) {
      const target = unquotePath(line.slice(4));
      this.path = target === '/dev/null' ? undefined : target.replace(/^b\//, '');
    } else if (line.endsWith(' 160000') || line.includes('mode 160000')) {
      // A submodule: its "diff" is the commit id it points to, not file content.
      this.skipReason = 'submodule';
    }
  }

  private startHunk(line: string): void {
    let at = 0;
    while (line.charCodeAt(at) === 0x40) at++;
    this.parents = Math.max(1, at - 1);
    const match = / \+(\d+)(?:,\d+)? @@/.exec(line);
    this.newLine = match === null ? 1 : Number(match[1]);
    this.state = State.Hunks;
    if (this.lines.length > 0) this.push('', false, 0);
  }

  private readHunkLine(line: string, first: number): void {
    if (first === 0x40 /* @ */) {
      this.startHunk(line);
      return;
    }
    if (first === 0x5c /* \ No newline at end of file */) return;
    const parents = this.parents;
    let added = true;
    for (let i = 0; i < parents; i++) {
      const mark = line.charCodeAt(i);
      if (mark === 0x2d /* - */) return; // removed against this parent: not in the new file
      if (mark !== 0x2b /* + */) added = false;
    }
    const text = parents === 1 ? line.slice(1) : line.slice(parents);
    const lineNumber = this.newLine++;
    if (this.skipReason !== undefined || this.path === undefined) return;
    this.push(text, added, lineNumber);
  }

  private push(text: string, added: boolean, lineNumber: number): void {
    this.chars += text.length + 1;
    if (this.chars > this.maxFileChars) {
      this.dropFile('too-large');
      return;
    }
    this.lines.push(text);
    this.added.push(added);
    this.lineNumbers.push(lineNumber);
    if (added) this.addedCount++;
  }

  private dropFile(reason: DiffSkipReason): void {
    if (this.skipReason === undefined && this.path !== undefined) this.skipReason = reason;
    this.lines = [];
    this.added = [];
    this.lineNumbers = [];
    this.addedCount = 0;
  }

  private endFile(): void {
    if (this.state !== State.Hunks && this.state !== State.FileHeader) return;
    const path = this.path;
    if (path !== undefined) {
      if (this.skipReason !== undefined) this.events.skipped(path, this.skipReason);
      else if (this.addedCount > 0) this.events.file({ path, lines: this.lines, added: this.added, lineNumbers: this.lineNumbers });
    }
    this.lines = [];
    this.added = [];
    this.lineNumbers = [];
    this.addedCount = 0;
    this.chars = 0;
    this.path = undefined;
    this.skipReason = undefined;
    this.state = State.Idle;
  }
}

const ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 0x22, '\\': 0x5c };

/** Undoes git's C-style quoting of a path (`"b/caf\303\251 \"x\".txt"`), which it uses for unusual names. */
export function unquotePath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char !== '\\') {
      for (const byte of Buffer.from(char, 'utf8')) bytes.push(byte);
      continue;
    }
    const next = body[++i] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
