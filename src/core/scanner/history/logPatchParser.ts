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
 * for detectors that read a name on the line above. Only `added` lines may be reported. The arrays
 * are the parser's own, reused for the next file: read them during the `file` call only.
 */
export interface FileAdditions {
  readonly path: string;
  /**
   * The lines' UTF-8 bytes without git's prefix column(s), joined with `\n`; hunks are separated by
   * an empty, unnumbered line. Kept as bytes so a diff that cannot hold a key is never decoded.
   */
  readonly bytes: Buffer;
  /** Per line: 1 when this commit added it (for a merge: added against every parent), else 0. */
  readonly added: Uint8Array;
  /** Per line: its 1-based line number in the file as of this commit (0 for a hunk separator). */
  readonly lineNumbers: Int32Array;
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
/** A line of git's output longer than the file size limit by this much is dropped and its file skipped. */
const LINE_SLACK = 1024;
const INITIAL_LINES = 1024;

const NEWLINE = 0x0a;
const AT = 0x40;
const PLUS = 0x2b;
const MINUS = 0x2d;
const BACKSLASH = 0x5c;
const DIFF = Buffer.from('diff ');
const NEW_FILE = Buffer.from('+++ ');
/** What a hunk separator's line holds. */
const NOTHING = Buffer.alloc(0);

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
 * A streaming parser of `git log -p --cc --format=LOG_FORMAT` output, fed git's bytes as they come.
 * Hunk lines are never decoded here: their bytes are copied into one reused buffer, and a file's
 * text is decoded only by a consumer that finds it may hold a key (most diffs cannot). It keeps one
 * file diff in memory at a time, and drops a file's lines once they pass `maxFileBytes`, so memory
 * stays bounded however long the history or however large a commit.
 */
export class LogPatchParser {
  private state = State.Idle;
  private header: string[] = [];
  private headerNuls = 0;
  private path: string | undefined;
  private skipReason: DiffSkipReason | undefined;
  private parents = 1;
  private newLine = 0;

  /** The current file's joined line bytes (`size` of them) and per-line facts (`lineCount`). */
  private content: Buffer = Buffer.allocUnsafe(64 * 1024);
  private size = 0;
  private added = new Uint8Array(INITIAL_LINES);
  private lineNumbers = new Int32Array(INITIAL_LINES);
  private lineCount = 0;
  private addedCount = 0;

  /** The start of a line that the last chunk did not finish, and whether it grew too long to keep. */
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private droppingLine = false;
  private readonly maxLine: number;

  constructor(private readonly events: LogPatchEvents, private readonly maxFileBytes: number) {
    this.maxLine = maxFileBytes + LINE_SLACK;
  }

  /** Feeds a chunk of git's output. */
  write(chunk: Buffer): void {
    let start = 0;
    if (this.carryBytes > 0 || this.droppingLine) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.keepPartialLine(chunk);
        return;
      }
      if (this.droppingLine) this.droppingLine = false;
      else if (this.carryBytes + newline > this.maxLine) this.overlongLine();
      else {
        this.carry.push(chunk.subarray(0, newline));
        const line = Buffer.concat(this.carry);
        this.line(line, 0, line.length);
      }
      this.carry = [];
      this.carryBytes = 0;
      start = newline + 1;
    }
    for (let newline = chunk.indexOf(NEWLINE, start); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      this.line(chunk, start, newline);
      start = newline + 1;
    }
    if (start < chunk.length) this.keepPartialLine(chunk.subarray(start));
  }

  /** Ends the output: the last line, and the last file diff. */
  end(): void {
    if (this.carryBytes > 0 && !this.droppingLine) {
      const line = Buffer.concat(this.carry);
      this.line(line, 0, line.length);
    }
    this.carry = [];
    this.carryBytes = 0;
    this.endFile();
    this.state = State.Idle;
  }

  /** Keeps the unfinished line's bytes (a copy: the chunk is not ours), or drops them once it is overlong. */
  private keepPartialLine(bytes: Buffer): void {
    if (this.droppingLine) return;
    this.carry.push(Buffer.from(bytes));
    this.carryBytes += bytes.length;
    if (this.carryBytes > this.maxLine) {
      this.overlongLine();
      this.carry = [];
      this.carryBytes = 0;
      this.droppingLine = true;
    }
  }

  /** A line too long to keep is dropped: the file it belongs to is skipped as too large. */
  private overlongLine(): void {
    if (this.state === State.Hunks || this.state === State.FileHeader) this.dropFile('too-large');
  }

  /** One line: bytes [start, end) of `buffer`, without its `\n`. */
  private line(buffer: Buffer, start: number, end: number): void {
    if (this.state === State.Header) {
      this.readHeader(buffer.toString('utf8', start, end));
      return;
    }
    const first = start < end ? buffer[start] : -1;
    if (first === 0) {
      this.endFile();
      this.state = State.Header;
      this.header = [];
      this.headerNuls = 0;
      this.readHeader(buffer.toString('utf8', start, end));
      return;
    }
    if (first === DIFF[0] && startsWith(buffer, start, end, DIFF)) {
      this.endFile();
      this.state = State.FileHeader;
      this.path = undefined;
      this.skipReason = undefined;
      return;
    }
    if (this.state === State.Hunks) this.readHunkLine(buffer, start, end, first);
    else if (this.state === State.FileHeader) this.readFileHeader(buffer, start, end, first);
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

  private readFileHeader(buffer: Buffer, start: number, end: number, first: number): void {
    if (first === AT) {
      this.startHunk(buffer.toString('latin1', start, end));
      return;
    }
    if (first === NEW_FILE[0] && startsWith(buffer, start, end, NEW_FILE)) {
      const target = unquotePath(buffer.toString('utf8', start + NEW_FILE.length, end));
      this.path = target === '/dev/null' ? undefined : target.replace(/^b\//, '');
      return;
    }
    const line = buffer.toString('latin1', start, end);
    // A submodule: its "diff" is the commit id it points to, not file content.
    if (line.endsWith(' 160000') || line.includes('mode 160000')) this.skipReason = 'submodule';
  }

  private startHunk(line: string): void {
    let at = 0;
    while (line.charCodeAt(at) === AT) at++;
    this.parents = Math.max(1, at - 1);
    const match = / \+(\d+)(?:,\d+)? @@/.exec(line);
    this.newLine = match === null ? 1 : Number(match[1]);
    this.state = State.Hunks;
    if (this.lineCount > 0) this.push(NOTHING, 0, 0, 0, 0);
  }

  private readHunkLine(buffer: Buffer, start: number, end: number, first: number): void {
    if (first === AT) {
      this.startHunk(buffer.toString('latin1', start, end));
      return;
    }
    if (first === BACKSLASH /* \ No newline at end of file */) return;
    const parents = this.parents;
    let added = 1;
    for (let i = 0; i < parents; i++) {
      const mark = start + i < end ? buffer[start + i] : -1;
      if (mark === MINUS) return; // removed against this parent: not in the new file
      if (mark !== PLUS) added = 0;
    }
    const lineNumber = this.newLine++;
    if (this.skipReason !== undefined || this.path === undefined) return;
    this.push(buffer, Math.min(start + parents, end), end, added, lineNumber);
  }

  /** Appends the line [start, end) of `buffer` to the file's content. */
  private push(buffer: Buffer, start: number, end: number, added: number, lineNumber: number): void {
    const separator = this.lineCount > 0 ? 1 : 0;
    const size = this.size + separator + end - start;
    if (size >= this.maxFileBytes) {
      this.dropFile('too-large');
      return;
    }
    if (size > this.content.length) this.content = grown(this.content, size, this.size);
    if (separator === 1) this.content[this.size] = NEWLINE;
    buffer.copy(this.content, this.size + separator, start, end);
    this.size = size;
    if (this.lineCount === this.added.length) this.growLines();
    this.added[this.lineCount] = added;
    this.lineNumbers[this.lineCount] = lineNumber;
    this.lineCount++;
    this.addedCount += added;
  }

  private growLines(): void {
    const added = new Uint8Array(this.added.length * 2);
    added.set(this.added);
    this.added = added;
    const lineNumbers = new Int32Array(this.lineNumbers.length * 2);
    lineNumbers.set(this.lineNumbers);
    this.lineNumbers = lineNumbers;
  }

  private dropFile(reason: DiffSkipReason): void {
    if (this.skipReason === undefined && this.path !== undefined) this.skipReason = reason;
    this.clearLines();
  }

  private clearLines(): void {
    this.size = 0;
    this.lineCount = 0;
    this.addedCount = 0;
  }

  private endFile(): void {
    if (this.state !== State.Hunks && this.state !== State.FileHeader) return;
    const path = this.path;
    if (path !== undefined) {
      if (this.skipReason !== undefined) this.events.skipped(path, this.skipReason);
      else if (this.addedCount > 0) {
        this.events.file({
          path,
          bytes: this.content.subarray(0, this.size),
          added: this.added.subarray(0, this.lineCount),
          lineNumbers: this.lineNumbers.subarray(0, this.lineCount),
        });
      }
    }
    this.clearLines();
    this.path = undefined;
    this.skipReason = undefined;
    this.state = State.Idle;
  }
}


function startsWith(buffer: Buffer, start: number, end: number, prefix: Buffer): boolean {
  if (end - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buffer[start + i] !== prefix[i]) return false;
  return true;
}

/** A buffer of at least `needed` bytes (double the old, so appends stay linear) holding `old`'s first `used`. */
function grown(old: Buffer, needed: number, used: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(needed, old.length * 2));
  old.copy(next, 0, 0, used);
  return next;
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
