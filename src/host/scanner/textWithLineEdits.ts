// Pure text logic (no vscode import): a file's text as the quick fixes read it, and their edits
// applied to it, for files changed on disk rather than through an editor.
import type { FixSource, LineEdit } from './envVarReplacement';

/** Where each line starts; a line ends at \r\n, \r or \n, as VS Code splits lines. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (code === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** `text` as a `FixSource`: its lines without their terminators. */
export function fixSourceOf(fileName: string, text: string): FixSource {
  const starts = lineStarts(text);
  const lineEnd = (line: number): number => {
    if (line + 1 >= starts.length) return text.length;
    const next = starts[line + 1];
    return text.charCodeAt(next - 1) === 10 && text.charCodeAt(next - 2) === 13 ? next - 2 : next - 1;
  };
  return { fileName, lineCount: starts.length, lineAt: (line) => text.slice(starts[line], lineEnd(line)) };
}

/** `text` with `edits` applied (they must not overlap), line terminators kept as they were. */
export function applyLineEdits(text: string, edits: readonly LineEdit[]): string {
  const starts = lineStarts(text);
  const offset = (line: number, character: number): number => Math.min(text.length, (starts[line] ?? text.length) + character);
  const ranges = edits
    .map((edit) => ({ from: offset(edit.line, edit.start), to: offset(edit.endLine ?? edit.line, edit.end), text: edit.text }))
    .sort((a, b) => b.from - a.from);
  let result = text;
  for (const range of ranges) result = result.slice(0, range.from) + range.text + result.slice(range.to);
  return result;
}
