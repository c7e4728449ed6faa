// Pure text logic (no vscode import): the quick fixes' edits, unit-tested in plain Node.
import { environmentPlaceholder, environmentReference } from '../../core/scanner/environmentReference';
import { fileKindOf } from '../../core/scanner/fileKind';
import type { FileKind } from '../../core/scanner/types';
import { ALLOW_MARKER } from '../../core/scanner/suppression';

/** The variable the Terraform provider, the Palette MCP server and Palette's docs read a key from. */
export const KEY_ENV_VAR = 'SPECTROCLOUD_APIKEY';

/** A replacement from (`line`, `start`) to (`endLine` ?? `line`, `end`), 0-based; an insertion when both ends meet. */
export interface LineEdit {
  readonly line: number;
  readonly start: number;
  readonly endLine?: number;
  readonly end: number;
  readonly text: string;
}

/** A quick fix's title and its edits. */
export interface TextFix {
  readonly title: string;
  readonly edits: readonly LineEdit[];
}

/** The document as the fixes read it. */
export interface FixSource {
  readonly fileName: string;
  readonly lineCount: number;
  lineAt(line: number): string;
}

/** Where the key is: a single-line range, 0-based. */
export interface KeySpan {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

/**
 * "Replace with an environment variable reference": the reference the tool that reads the file
 * understands, or a removal where the tool reads the variable by itself (Terraform). Undefined where
 * no reference would be correct (JSON, plain text, a key inside a longer string in code).
 */
export function envVarReplacement(source: FixSource, span: KeySpan): TextFix | undefined {
  const lineText = source.lineAt(span.line);
  const base = baseName(source.fileName);
  const kind = fileKindOf(source.fileName);
  const before = lineText[span.start - 1] ?? '';
  const quote = isQuote(before) && lineText[span.end] === before ? before : undefined;
  const withoutQuotes = { line: span.line, start: quote ? span.start - 1 : span.start, end: quote ? span.end + 1 : span.end };
  const replace = (reference: string, title = `Replace with ${reference}`): TextFix => ({ title, edits: [{ ...span, text: reference }] });
  // Single quotes stop shell-style expansion, so the quotes become double quotes.
  const shellStyle = (reference: string): TextFix =>
    quote === "'" ? { title: `Replace with "${reference}"`, edits: [{ ...withoutQuotes, text: `"${reference}"` }] } : replace(reference);

  switch (kind) {
    case 'terraform':
    case 'tfvars':
      return terraformRemoval(source, span, kind);
    case 'code':
      return quote ? codeReference(source, base, withoutQuotes, quote) : undefined;
    default: {
      const reference = environmentReference(source.fileName, KEY_ENV_VAR);
      if (reference === undefined) return undefined;
      return SHELL_STYLE_KINDS.has(kind) ? shellStyle(reference) : replace(reference);
    }
  }
}

/** Kinds whose single quotes stop `$` expansion, so a reference there goes in double quotes. */
const SHELL_STYLE_KINDS: ReadonlySet<FileKind> = new Set(['env', 'dockerfile', 'compose', 'shell']);

/**
 * Rotation's "Update Files": every span of a key value replaced by an environment reference, never
 * by another value. Each span gets the quick fix's edit where it has one (so a file reads the same
 * whichever way it was fixed), else the file's reference syntax, else `${SPECTROCLOUD_APIKEY}`.
 * An edit two fixes share (Python's `import os`) is made once.
 */
export function referenceEdits(source: FixSource, spans: readonly KeySpan[]): LineEdit[] {
  const edits: LineEdit[] = [];
  const seen = new Set<string>();
  for (const span of spans) {
    const fix = envVarReplacement(source, span);
    const own = fix?.edits ?? [{ ...span, text: environmentPlaceholder(source.fileName, KEY_ENV_VAR) }];
    for (const edit of own) {
      const id = JSON.stringify(edit);
      if (seen.has(id) || edits.some((taken) => overlaps(taken, edit))) continue;
      seen.add(id);
      edits.push(edit);
    }
  }
  return edits;
}

function overlaps(a: LineEdit, b: LineEdit): boolean {
  const start = (edit: LineEdit) => [edit.line, edit.start] as const;
  const end = (edit: LineEdit) => [edit.endLine ?? edit.line, edit.end] as const;
  const before = (x: readonly [number, number], y: readonly [number, number]) => x[0] < y[0] || (x[0] === y[0] && x[1] <= y[1]);
  // Two insertions at one place do not overlap; a range overlaps what starts inside it.
  return !(before(end(a), start(b)) || before(end(b), start(a)));
}

/** "Add palette-keys:allow comment": a comment line above the finding, or undefined where comments are not allowed. */
export function allowCommentFix(source: FixSource, line: number): TextFix | undefined {
  const syntax = commentSyntax(source.fileName);
  if (!syntax) return undefined;
  const indent = /^\s*/.exec(source.lineAt(line))?.[0] ?? '';
  const text = `${indent}${syntax[0]} ${ALLOW_MARKER}${syntax[1] ? ` ${syntax[1]}` : ''}\n`;
  return { title: `Add "${ALLOW_MARKER}" comment`, edits: [{ line, start: 0, end: 0, text }] };
}

/** Line-comment opener (and closer) for a file, by name. */
export function commentSyntax(fileName: string): readonly [string, string?] | undefined {
  const base = baseName(fileName);
  const kind = fileKindOf(fileName);
  if (/\.(bat|cmd)$/.test(base)) return ['rem'];
  if (/\.(md|markdown|html?|xml|svg|vue)$/.test(base)) return ['<!--', '-->'];
  if (/\.(jsonc|js|mjs|cjs|jsx|ts|mts|cts|tsx|go|java|kt|cs|rs|swift|scala|groovy|php|c|cc|cpp|h)$/.test(base)) return ['//'];
  if (kind === 'json') return undefined;
  if (['env', 'shell', 'dockerfile', 'compose', 'yaml', 'terraform', 'tfvars', 'http'].includes(kind)) return ['#'];
  if (/\.(py|rb|toml|ini|cfg|conf|properties|r|pl)$/.test(base)) return ['#'];
  return undefined;
}

function terraformRemoval(source: FixSource, span: KeySpan, kind: 'terraform' | 'tfvars'): TextFix | undefined {
  const lineText = source.lineAt(span.line);
  const assignment = /^\s*([A-Za-z_][\w-]*)\s*=\s*(["'])[A-Za-z0-9]+\2\s*(?:(?:#|\/\/).*)?$/.exec(lineText);
  if (!assignment) return undefined;
  const removeLine: LineEdit = span.line + 1 < source.lineCount
    ? { line: span.line, start: 0, endLine: span.line + 1, end: 0, text: '' }
    : { line: span.line, start: 0, end: lineText.length, text: '' };
  const name = assignment[1];
  if (kind === 'tfvars') return { title: `Remove ${name} from the tfvars file (set TF_VAR_${name} in the environment instead)`, edits: [removeLine] };
  if (name === 'api_key') return { title: `Remove api_key: the spectrocloud provider reads ${KEY_ENV_VAR}`, edits: [removeLine] };
  if (name === 'default') {
    const variable = enclosingVariable(source, span.line);
    return { title: `Remove the default: pass the key as TF_VAR_${variable ?? '<name>'}`, edits: [removeLine] };
  }
  return undefined;
}

function enclosingVariable(source: FixSource, line: number): string | undefined {
  for (let i = line; i >= 0 && i > line - 50; i--) {
    const match = /^\s*variable\s+"([^"]+)"/.exec(source.lineAt(i));
    if (match) return match[1];
  }
  return undefined;
}

function codeReference(source: FixSource, base: string, literal: KeySpan, quote: string): TextFix | undefined {
  if (/\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$/.test(base)) {
    const reference = `process.env.${KEY_ENV_VAR}`;
    return { title: `Replace with ${reference}`, edits: [{ ...literal, text: reference }] };
  }
  if (/\.py$/.test(base) && quote !== '`') {
    const reference = `os.environ["${KEY_ENV_VAR}"]`;
    const edits: LineEdit[] = [{ ...literal, text: reference }];
    const importLine = pythonImportLine(source);
    if (importLine !== undefined) edits.unshift({ line: importLine, start: 0, end: 0, text: 'import os\n' });
    return { title: `Replace with ${reference}`, edits };
  }
  if (/\.go$/.test(base) && quote !== "'" && hasLine(source, /^\s*(import\s+)?"os"\s*$/)) {
    const reference = `os.Getenv("${KEY_ENV_VAR}")`;
    return { title: `Replace with ${reference}`, edits: [{ ...literal, text: reference }] };
  }
  return undefined;
}

/** Where `import os` goes, or undefined when the module imports it already. */
function pythonImportLine(source: FixSource): number | undefined {
  if (hasLine(source, /^import\s+(?:[\w.]+\s*,\s*)*os(?:\s*,|\s*$|\s+#)/)) return undefined;
  let afterFuture: number | undefined;
  let firstImport: number | undefined;
  for (let i = 0; i < source.lineCount; i++) {
    const text = source.lineAt(i);
    if (/^from\s+__future__\s+import\b/.test(text)) afterFuture = i + 1;
    else if (firstImport === undefined && /^(import|from)\s/.test(text)) firstImport = i;
  }
  if (afterFuture !== undefined) return afterFuture;
  if (firstImport !== undefined) return firstImport;
  // No imports: after a shebang, encoding line and comments at the top.
  let line = 0;
  while (line < source.lineCount && /^\s*#/.test(source.lineAt(line))) line++;
  return line;
}

function hasLine(source: FixSource, pattern: RegExp): boolean {
  for (let i = 0; i < source.lineCount; i++) if (pattern.test(source.lineAt(i))) return true;
  return false;
}

function isQuote(char: string): boolean {
  return char === '"' || char === "'" || char === '`';
}

function baseName(fileName: string): string {
  return (fileName.replace(/\\/g, '/').split('/').pop() ?? '').toLowerCase();
}
