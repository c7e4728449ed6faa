import { blockEndsFor } from '../blockEnds';
import { genericNameConfidence } from '../confidence';
import { assessKeyCandidate } from '../keyCandidate';
import { classifyKeyName } from '../keyName';
import type { Confidence, Detector } from '../types';
import { readKeyValue, type ValueSpan } from '../valueParsing';

type MessageId = 'provider' | 'variableDefault';

const PROVIDER_BLOCK = /provider\s+"?spectrocloud"?\s*\{/g;
const VARIABLE_BLOCK = /variable\s+"([^"\n]+)"\s*\{/g;
const API_KEY_ATTRIBUTE = /(?<![A-Za-z0-9_])api_key\s*=\s*/g;
const DEFAULT_ATTRIBUTE = /(?<![A-Za-z0-9_])default\s*=\s*/g;

/**
 * Terraform: `api_key = "…"` inside `provider "spectrocloud" { … }`, and a key as the `default` of a
 * variable named like a Palette key (`variable "spectrocloud_api_key" { default = "…" }`).
 *
 * Linear whatever the shape: block ends come from one pass (`blockEndsFor`), attributes are found once
 * in the whole text and assigned to the blocks that hold them, so unclosed or nested blocks never
 * make a body be read again per block.
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
    const { text } = context;
    if (!context.anchored()) return;
    const providerBodies = text.includes('spectrocloud') ? bodyStarts(text, PROVIDER_BLOCK) : [];
    const variableBodies = text.includes('variable') ? bodyStarts(text, VARIABLE_BLOCK) : [];
    if (providerBodies.length === 0 && variableBodies.length === 0) return;
    const [providerEnds, variableEnds] = blockEnds(text, providerBodies, variableBodies);

    // Variables the spectrocloud provider takes its api_key from are Palette keys whatever their name.
    const providerVariables = new Set<string>();
    if (providerBodies.length > 0) {
      const ends = providerEnds;
      let next = 0;
      // The furthest end among the bodies that start at or before the attribute: one holds it when it ends after it.
      let furthestEnd = -1;
      API_KEY_ATTRIBUTE.lastIndex = providerBodies[0].bodyStart;
      for (let attribute = API_KEY_ATTRIBUTE.exec(text); attribute !== null; attribute = API_KEY_ATTRIBUTE.exec(text)) {
        while (next < providerBodies.length && providerBodies[next].bodyStart <= attribute.index) furthestEnd = Math.max(furthestEnd, ends[next++]);
        const valueStart = attribute.index + attribute[0].length;
        if (valueStart > furthestEnd) continue;
        const variable = /^var\.([A-Za-z0-9_-]+)/.exec(text.slice(valueStart, valueStart + 200));
        if (variable) providerVariables.add(variable[1]);
        const span = readKeyValue(text, valueStart, false);
        if (span && assessKeyCandidate(span.value).plausible) report({ ...span, confidence: 'high', messageId: 'provider' });
      }
    }

    if (variableBodies.length === 0) return;
    const defaults: number[] = [];
    const defaultEnds: number[] = [];
    DEFAULT_ATTRIBUTE.lastIndex = variableBodies[0].bodyStart;
    for (let attribute = DEFAULT_ATTRIBUTE.exec(text); attribute !== null; attribute = DEFAULT_ATTRIBUTE.exec(text)) {
      defaults.push(attribute.index);
      defaultEnds.push(attribute.index + attribute[0].length);
    }
    let nextDefault = 0;
    // Unclosed variable blocks all reach the same `default =`: judge its value once, report it once per confidence.
    let judged: { index: number; span: ValueSpan | undefined } | undefined;
    let lastReport: { index: number; confidence: Confidence } | undefined;
    for (const [index, { bodyStart, name }] of variableBodies.entries()) {
      const kind = providerVariables.has(name) ? 'palette' : classifyKeyName(name);
      // Body starts only grow, so the first `default =` of each body is found by one moving index.
      while (nextDefault < defaults.length && defaults[nextDefault] < bodyStart) nextDefault++;
      if (kind === undefined || nextDefault === defaults.length) continue;
      if (defaultEnds[nextDefault] > variableEnds[index]) continue;
      if (judged?.index !== nextDefault) {
        const candidate = readKeyValue(text, defaultEnds[nextDefault], false);
        judged = { index: nextDefault, span: candidate && assessKeyCandidate(candidate.value).plausible ? candidate : undefined };
      }
      const { span } = judged;
      if (span === undefined) continue;
      const confidence = kind === 'palette' ? 'high' : genericNameConfidence(context, span.start);
      if (lastReport?.index === nextDefault && lastReport.confidence === confidence) continue;
      lastReport = { index: nextDefault, confidence };
      report({ ...span, confidence, messageId: 'variableDefault' });
    }
  },
};

/** Where each block's body starts (just after its `{`), in order, with the block's quoted name if any. */
function bodyStarts(text: string, header: RegExp): { bodyStart: number; name: string }[] {
  return [...text.matchAll(header)].map((match) => ({ bodyStart: match.index + match[0].length, name: match[1] ?? '' }));
}

/** The end of every provider and variable block, from one pass over both lists merged in text order. */
function blockEnds(text: string, providers: readonly { bodyStart: number }[], variables: readonly { bodyStart: number }[]): [number[], number[]] {
  const starts: number[] = [];
  /** Whether each merged start is a provider's (else a variable's), to split the ends again. */
  const isProvider: boolean[] = [];
  for (let p = 0, v = 0; p < providers.length || v < variables.length; ) {
    const provider = v === variables.length || (p < providers.length && providers[p].bodyStart <= variables[v].bodyStart);
    starts.push(provider ? providers[p++].bodyStart : variables[v++].bodyStart);
    isProvider.push(provider);
  }
  const providerEnds: number[] = [];
  const variableEnds: number[] = [];
  blockEndsFor(text, starts).forEach((end, i) => (isProvider[i] ? providerEnds : variableEnds).push(end));
  return [providerEnds, variableEnds];
}
