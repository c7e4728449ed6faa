import { genericNameConfidence } from '../confidence';
import { ALNUM, inClass } from '../charClass';
import { assessKeyCandidate } from '../keyCandidate';
import { classifyKeyName } from '../keyName';
import type { Confidence, Detector, DetectorContext } from '../types';
import { readKeyValue, type ValueSpan } from '../valueParsing';

type MessageId = 'tfvars' | 'tfVarEnvironment' | 'variableDefault';

const ANCHOR = /api[-_]?key/gi;
/** Longer names are not variable names; the bound keeps every anchor's work constant. */
const MAX_NAME = 64;
/** How far after a `variable "…" {` header its `default` may be. */
const BLOCK_WINDOW = 2000;
const TF_VAR = 'TF_VAR_';
/**
 * Files that set Terraform input variables: `terraform.tfvars`, `*.auto.tfvars`, `*.tfvars.json`,
 * and the templates Spectro Cloud's examples ship (`terraform.template.tfvars`,
 * `terraform.tfvars.template`), which people copy and fill in.
 */
const TFVARS_FILE = /\.tfvars(?:\.json|\.template|\.example|\.sample|\.tpl|\.dist|\.bak)?$/i;

/**
 * Variable names Spectro Cloud's examples give the provider's `api_key` (`api_key = var.sc_api_key`
 * in `provider "spectrocloud"`, 122 declarations in the provider's and modules' examples), and the
 * obvious spellings people write instead. Classified as Palette names wherever they are set.
 */
export const PROVIDER_KEY_VARIABLES: ReadonlySet<string> = new Set(['sc_api_key', 'sc_apikey', 'spectro_api_key', 'spectrocloud_api_key']);
/** Other names in a tfvars file that say the file configures the spectrocloud provider. */
const PROVIDER_SIGNALS = /\bsc_(?:host|project_name|username|project)\b/;

/**
 * Terraform input variables that carry a Palette key: `sc_api_key = "…"` in `.tfvars`-like files
 * (with or without a `.tf` file nearby), `"sc_api_key": "…"` in `*.tfvars.json`, `TF_VAR_sc_api_key=…`
 * in environment files, shells and CI definitions, and `variable "sc_api_key" { default = "…" }`.
 */
export const terraformVariablesDetector: Detector<MessageId> = {
  meta: {
    id: 'palette-keys/terraform-variable',
    docs: {
      description: 'A Palette API key set as a Terraform input variable (`sc_api_key` in a .tfvars file, `TF_VAR_sc_api_key`).',
      help: 'Keep the key out of .tfvars files and variable defaults: set `SPECTROCLOUD_APIKEY` (or `TF_VAR_sc_api_key`) from a secret store at run time, and revoke the exposed key.',
    },
  },
  messages: {
    tfvars: 'Palette API key in a Terraform variables file.',
    tfVarEnvironment: 'Palette API key in a TF_VAR_ environment variable.',
    variableDefault: 'Palette API key as the default of a Terraform variable.',
  },
  detect(context, report) {
    const { text } = context;
    const tfvarsFile = TFVARS_FILE.test(context.fileName);
    const terraformFile = context.fileKind === 'terraform';
    // Elsewhere only `TF_VAR_<name>` says Terraform (Terraform reads the prefix in this case only).
    // Looked for before candidates: finding those reads all of a megabyte of base64, `includes` skims it.
    // `_` first: one character is a memchr, where a longer word is searched at about 2 ns a character
    // (a megabyte of base64 holds no `_`).
    if (!tfvarsFile && !terraformFile && !(text.includes('_') && text.includes(TF_VAR))) return;
    if (!context.candidateWithin(0, text.length)) return;
    let providerSignals: boolean | undefined;
    const configuresProvider = (): boolean => (providerSignals ??= PROVIDER_SIGNALS.test(text));
    let scannedTo = 0;
    // Only an anchor with a candidate value at most MAX_NAME + 200 characters after its start counts:
    // the search jumps to just before the next 32-character run, past text that cannot hold one.
    const runs = context.exactRuns();
    let nextRun = 0;
    // `test` and `lastIndex` find the anchors without a match object each (a file can hold one per line).
    ANCHOR.lastIndex = 0;
    for (;;) {
      while (nextRun < runs.length && runs[nextRun] < ANCHOR.lastIndex) nextRun++;
      if (nextRun === runs.length) break;
      ANCHOR.lastIndex = Math.max(ANCHOR.lastIndex, runs[nextRun] - (MAX_NAME + 200));
      if (!ANCHOR.test(text)) break;
      const anchorEnd = ANCHOR.lastIndex;
      // `api-key` and `api_key` are one character longer than `apikey`; the separator sits four from the end.
      const separator = text.charCodeAt(anchorEnd - 4);
      const anchorStart = anchorEnd - (separator === 45 /* - */ || separator === 95 /* _ */ ? 7 : 6);
      if (anchorStart < scannedTo || !context.candidateWithin(anchorStart, MAX_NAME + 200)) continue;
      const nameStart = nameStartBefore(text, anchorStart);
      const nameEnd = nameEndAfter(text, anchorEnd);
      scannedTo = nameEnd;
      const environment = text.startsWith(TF_VAR, nameStart);
      if (!environment && !tfvarsFile && !terraformFile) continue;
      // The value's shape first: most anchors have none, and then their name needs no slicing or classifying.
      let span: ValueSpan | undefined;
      let messageId: MessageId;
      if (terraformFile && !environment) {
        span = variableDefault(text, nameStart, nameEnd);
        messageId = 'variableDefault';
      } else {
        span = assignedValue(text, nameEnd);
        messageId = environment ? 'tfVarEnvironment' : 'tfvars';
      }
      if (span === undefined) continue;
      const name = text.slice(environment ? nameStart + TF_VAR.length : nameStart, nameEnd);
      const confidence = variableConfidence(context, name, nameStart, tfvarsFile && configuresProvider);
      if (confidence === undefined || !assessKeyCandidate(span.value).plausible) continue;
      report({ start: span.start, end: span.end, value: span.value, confidence, messageId });
    }
  },
};

/** Start of the identifier that holds an anchor starting at `anchorStart`, at most MAX_NAME characters before it. */
function nameStartBefore(text: string, anchorStart: number): number {
  let start = anchorStart;
  const floor = Math.max(0, anchorStart - MAX_NAME);
  while (start > floor && isNameChar(text.charCodeAt(start - 1))) start--;
  return start;
}

/** End of the identifier that holds an anchor ending at `anchorEnd`, at most MAX_NAME characters after it. */
function nameEndAfter(text: string, anchorEnd: number): number {
  let end = anchorEnd;
  const ceiling = Math.min(text.length, anchorEnd + MAX_NAME);
  while (end < ceiling && isNameChar(text.charCodeAt(end))) end++;
  return end;
}

function isNameChar(code: number): boolean {
  return inClass(ALNUM, code) || code === 95; // _
}

function variableConfidence(
  context: DetectorContext,
  name: string,
  nameStart: number,
  configuresProvider: false | (() => boolean),
): Confidence | undefined {
  const lower = name.toLowerCase();
  if (PROVIDER_KEY_VARIABLES.has(lower)) return 'high';
  const kind = classifyKeyName(name);
  if (kind === 'palette') return 'high';
  if (kind === undefined && lower !== 'api_key') return undefined;
  // A bare `api_key` (the MCP server's own Terraform uses `TF_VAR_api_key`): Palette when the file says so.
  if (configuresProvider !== false && configuresProvider()) return 'high';
  return genericNameConfidence(context, nameStart);
}

/** `name = "…"`, `"name": "…"`, `NAME=…`, `NAME: …` right after the name (and its closing quote). */
function assignedValue(text: string, nameEnd: number): ValueSpan | undefined {
  let position = nameEnd;
  if (text[position] === '"' || text[position] === "'") position++;
  while (text[position] === ' ' || text[position] === '\t') position++;
  if (text[position] !== '=' && text[position] !== ':') return undefined;
  if (text[position + 1] === '=' || text[position + 1] === ':') return undefined;
  return readKeyValue(text, position + 1, true);
}

/** `variable "name" { … default = "…" … }`: the default within the block's first BLOCK_WINDOW characters. */
function variableDefault(text: string, nameStart: number, nameEnd: number): ValueSpan | undefined {
  if (text[nameStart - 1] !== '"' || text[nameEnd] !== '"') return undefined;
  let before = nameStart - 2;
  while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before--;
  if (!text.startsWith('variable', before - 7)) return undefined;
  const window = text.slice(nameEnd + 1, nameEnd + 1 + BLOCK_WINDOW);
  // The block ends at the first `}` alone at the start of a line (terraform fmt's layout) or at the next
  // `variable`, so a flood of headers reads each character once, not once per header: the `}` is looked
  // for only before the next `variable` (a `\n}` starting before it ends one character past it).
  const nextVariable = window.indexOf('variable');
  const closing = nextVariable >= 0 ? window.slice(0, nextVariable + 1).indexOf('\n}') : window.indexOf('\n}');
  const body = window.slice(0, closing >= 0 ? closing : nextVariable >= 0 ? nextVariable : window.length);
  const attribute = /(?:^|[\s{])default\s*=\s*/.exec(body);
  if (attribute === null) return undefined;
  return readKeyValue(text, nameEnd + 1 + attribute.index + attribute[0].length, false);
}
