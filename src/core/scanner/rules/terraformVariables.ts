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
    if (!context.candidateWithin(0, text.length)) return;
    const tfvarsFile = TFVARS_FILE.test(context.fileName);
    const terraformFile = context.fileKind === 'terraform';
    // Elsewhere only `TF_VAR_<name>` says Terraform (Terraform reads the prefix in this case only).
    if (!tfvarsFile && !terraformFile && !text.includes(TF_VAR)) return;
    let providerSignals: boolean | undefined;
    const configuresProvider = (): boolean => (providerSignals ??= PROVIDER_SIGNALS.test(text));
    let scannedTo = 0;
    for (const match of text.matchAll(ANCHOR)) {
      if (match.index < scannedTo || !context.candidateWithin(match.index, MAX_NAME + 200)) continue;
      const [nameStart, nameEnd] = nameAround(text, match.index, match.index + match[0].length);
      scannedTo = nameEnd;
      const fullName = text.slice(nameStart, nameEnd);
      const environment = fullName.startsWith(TF_VAR);
      const name = environment ? fullName.slice(TF_VAR.length) : fullName;
      if (!environment && !tfvarsFile && !terraformFile) continue;
      const confidence = variableConfidence(context, name, nameStart, tfvarsFile && configuresProvider);
      if (confidence === undefined) continue;
      let span: ValueSpan | undefined;
      let messageId: MessageId;
      if (terraformFile && !environment) {
        span = variableDefault(text, nameStart, nameEnd);
        messageId = 'variableDefault';
      } else {
        span = assignedValue(text, nameEnd);
        messageId = environment ? 'tfVarEnvironment' : 'tfvars';
      }
      if (span === undefined || !assessKeyCandidate(span.value).plausible) continue;
      report({ ...span, confidence, messageId });
    }
  },
};

/** The identifier around an anchor, at most MAX_NAME characters either side. */
function nameAround(text: string, anchorStart: number, anchorEnd: number): [number, number] {
  let start = anchorStart;
  const floor = Math.max(0, anchorStart - MAX_NAME);
  while (start > floor && isNameChar(text.charCodeAt(start - 1))) start--;
  let end = anchorEnd;
  const ceiling = Math.min(text.length, anchorEnd + MAX_NAME);
  while (end < ceiling && isNameChar(text.charCodeAt(end))) end++;
  return [start, end];
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
  // `variable`, so a flood of headers reads each character once, not once per header.
  const blockEnd = [window.indexOf('\n}'), window.indexOf('variable')].filter((index) => index >= 0);
  const body = blockEnd.length > 0 ? window.slice(0, Math.min(...blockEnd)) : window;
  const attribute = /(?:^|[\s{])default\s*=\s*/.exec(body);
  if (attribute === null) return undefined;
  return readKeyValue(text, nameEnd + 1 + attribute.index + attribute[0].length, false);
}
