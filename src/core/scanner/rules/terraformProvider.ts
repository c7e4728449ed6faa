import { OpenBlocks } from '../blockEnds';
import { isRegexSpace } from '../charClass';
import { genericNameConfidence } from '../confidence';
import { assessKeyCandidate } from '../keyCandidate';
import { classifyKeyName, type KeyNameKind } from '../keyName';
import type { Confidence, Detector, DetectorContext, DetectorReport } from '../types';
import { readKeyValue } from '../valueParsing';

type MessageId = 'provider' | 'variableDefault';

const PROVIDER_BLOCK = /provider\s+"?spectrocloud"?\s*\{/g;
const VARIABLE_BLOCK = /variable\s+"[^"\n]+"\s*\{/g;
const VARIABLE_REFERENCE = /^var\.([A-Za-z0-9_-]+)/;
const API_KEY_ATTRIBUTE = /(?<![A-Za-z0-9_])api_key\s*=\s*/g;
const DEFAULT_ATTRIBUTE = /(?<![A-Za-z0-9_])default\s*=\s*/g;

/**
 * Terraform: `api_key = "…"` inside `provider "spectrocloud" { … }`, and a key as the `default` of a
 * variable named like a Palette key (`variable "spectrocloud_api_key" { default = "…" }`).
 *
 * Linear whatever the shape: attributes are found once in the whole text, and one forward scan
 * (`OpenBlocks`) tells which blocks hold them, so unclosed or nested blocks never make a body be read
 * again per block. Headers are matched without building match objects (`test`), and blocks are
 * opened only as the attributes that need them are reached: a scan cut short by enough findings
 * reads no further, and a variable block is looked at only when the `default =` it holds has a key.
 */
export const terraformProviderDetector: Detector<MessageId> = {
  meta: {
    id: 'palette-keys/terraform-provider',
    docs: {
      description: 'A Palette API key in Terraform configuration for the spectrocloud provider.',
      help: 'Leave `api_key` out of the provider block and set `SPECTROCLOUD_APIKEY` in the environment (or use a sensitive variable without a default), and revoke the exposed key.',
    },
  },
  messages: {
    provider: 'Palette API key in the spectrocloud provider block.',
    variableDefault: 'Palette API key as the default of a Terraform variable.',
  },
  detect(context, report) {
    if (!context.anchored()) return;
    const { text } = context;
    // Every block opens with `{`: one character is found (or not) far faster than a block header
    // pattern reads the text. No `includes` of a longer word: that costs about what the pattern does.
    if (!text.includes('{')) return;
    const providerVariables = reportProviderKeys(text, report);
    reportVariableDefaults(context, providerVariables, report);
  },
};

type Report = (report: DetectorReport<MessageId>) => void;

/**
 * Reports the keys of `api_key =` inside provider blocks, and returns the variables such attributes
 * name (`api_key = var.sc_api_key`): those are Palette keys whatever their name.
 */
function reportProviderKeys(text: string, report: Report): Set<string> {
  const providerVariables = new Set<string>();
  PROVIDER_BLOCK.lastIndex = 0;
  let nextBody = PROVIDER_BLOCK.test(text) ? PROVIDER_BLOCK.lastIndex : -1;
  if (nextBody < 0) return providerVariables;
  const blocks = new OpenBlocks(text);
  API_KEY_ATTRIBUTE.lastIndex = nextBody;
  for (let attribute = API_KEY_ATTRIBUTE.exec(text); attribute !== null; attribute = API_KEY_ATTRIBUTE.exec(text)) {
    // Once a block stays open to the end (unclosed blocks), every later attribute is in one: no more headers to find.
    while (nextBody >= 0 && nextBody <= attribute.index && !blocks.openToTheEnd()) {
      blocks.open(nextBody, 0);
      nextBody = PROVIDER_BLOCK.test(text) ? PROVIDER_BLOCK.lastIndex : -1;
    }
    const valueStart = attribute.index + attribute[0].length;
    const variable = text.startsWith('var.', valueStart) ? VARIABLE_REFERENCE.exec(text.slice(valueStart, valueStart + 200)) : null;
    const span = variable === null ? readKeyValue(text, valueStart, false) : undefined;
    // Values that are neither say nothing, wherever they are: the blocks need not be read up to them.
    if ((variable === null && span === undefined) || !blocks.anyOpenAt(attribute.index)) continue;
    if (variable !== null) providerVariables.add(variable[1]);
    if (span && assessKeyCandidate(span.value).plausible) report({ start: span.start, end: span.end, value: span.value, confidence: 'high', messageId: 'provider' });
  }
  return providerVariables;
}

/** Tags of the variable blocks opened in `OpenBlocks`: how the variable's name says Palette. */
const PALETTE_NAME = 1;
const GENERIC_NAME = 0;

/**
 * Reports the key a variable named like a Palette key (or named by the provider's `api_key`) takes as
 * its `default`: the first `default =` after the block's `{`, when the block is still open there.
 */
function reportVariableDefaults(context: DetectorContext, providerVariables: ReadonlySet<string>, report: Report): void {
  const { text } = context;
  VARIABLE_BLOCK.lastIndex = 0;
  let nextBody = VARIABLE_BLOCK.test(text) ? VARIABLE_BLOCK.lastIndex : -1;
  if (nextBody < 0) return;
  const blocks = new OpenBlocks(text);
  const names = new VariableNames(text, providerVariables);
  DEFAULT_ATTRIBUTE.lastIndex = nextBody;
  for (let attribute = DEFAULT_ATTRIBUTE.exec(text); attribute !== null && nextBody >= 0; attribute = DEFAULT_ATTRIBUTE.exec(text)) {
    // This `default =` is the first of every block whose body starts after the previous one and up to it.
    if (nextBody > attribute.index) continue;
    const candidate = readKeyValue(text, attribute.index + attribute[0].length, false);
    const span = candidate && assessKeyCandidate(candidate.value).plausible ? candidate : undefined;
    for (; nextBody >= 0 && nextBody <= attribute.index; nextBody = VARIABLE_BLOCK.test(text) ? VARIABLE_BLOCK.lastIndex : -1) {
      const kind = span && names.kindOf(nextBody);
      if (kind !== undefined) blocks.open(nextBody, kind === 'palette' ? PALETTE_NAME : GENERIC_NAME);
    }
    if (span === undefined) continue;
    // Unclosed variable blocks all reach the same `default =`: report it once per confidence in a row.
    let genericConfidence: Confidence | undefined;
    let lastConfidence: Confidence | undefined;
    blocks.takeOpenAt(attribute.index, (tag) => {
      const confidence = tag === PALETTE_NAME ? 'high' : (genericConfidence ??= genericNameConfidence(context, span.start));
      if (confidence === lastConfidence) return;
      lastConfidence = confidence;
      report({ start: span.start, end: span.end, value: span.value, confidence, messageId: 'variableDefault' });
    });
  }
}

/**
 * How the quoted name of a variable block says Palette, read back from its body start. Files repeat
 * one name (a block per environment): the last name is kept, so a repeat costs a comparison, not a slice.
 */
class VariableNames {
  private lastName = '';
  private lastKind: KeyNameKind | undefined;

  constructor(private readonly text: string, private readonly providerVariables: ReadonlySet<string>) {}

  /** The kind of the name of the block whose `{` is just before `bodyStart` (`variable "name" {`). */
  kindOf(bodyStart: number): KeyNameKind | undefined {
    const { text, lastName } = this;
    let closingQuote = bodyStart - 2;
    while (isRegexSpace(text.charCodeAt(closingQuote))) closingQuote--;
    // The header's name holds no quote: when the last name ends at the closing quote with a quote
    // before it, it is this name too; otherwise the nearest quote before the closing one opens it.
    const lastStart = closingQuote - lastName.length;
    if (lastName.length > 0 && text.charCodeAt(lastStart - 1) === 34 /* " */ && text.startsWith(lastName, lastStart)) return this.lastKind;
    let nameStart = closingQuote;
    while (text.charCodeAt(nameStart - 1) !== 34) nameStart--;
    this.lastName = text.slice(nameStart, closingQuote);
    this.lastKind = this.providerVariables.has(this.lastName) ? 'palette' : classifyKeyName(this.lastName);
    return this.lastKind;
  }
}
