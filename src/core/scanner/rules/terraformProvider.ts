import { genericNameConfidence } from '../confidence';
import { assessKeyCandidate } from '../keyCandidate';
import { classifyKeyName } from '../keyName';
import type { Detector } from '../types';
import { readKeyValue } from '../valueParsing';

type MessageId = 'provider' | 'variableDefault';

const PROVIDER_BLOCK = /provider\s+"?spectrocloud"?\s*\{/g;
const VARIABLE_BLOCK = /variable\s+"([^"\n]+)"\s*\{/g;

/**
 * Terraform: `api_key = "…"` inside `provider "spectrocloud" { … }`, and a key as the `default` of a
 * variable named like a Palette key (`variable "spectrocloud_api_key" { default = "…" }`).
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
    // Variables the spectrocloud provider takes its api_key from are Palette keys whatever their name.
    const providerVariables = new Set<string>();
    if (text.includes('spectrocloud')) {
      for (const match of text.matchAll(PROVIDER_BLOCK)) {
        const bodyStart = match.index + match[0].length;
        const body = text.slice(bodyStart, blockEnd(text, bodyStart));
        for (const attribute of body.matchAll(/(?<![A-Za-z0-9_])api_key\s*=\s*/g)) {
          const valueStart = bodyStart + attribute.index + attribute[0].length;
          const variable = /^var\.([A-Za-z0-9_-]+)/.exec(text.slice(valueStart, valueStart + 200));
          if (variable) providerVariables.add(variable[1]);
          const span = readKeyValue(text, valueStart, false);
          if (span && assessKeyCandidate(span.value).plausible) report({ ...span, confidence: 'high', messageId: 'provider' });
        }
      }
    }
    if (!text.includes('variable')) return;
    for (const match of text.matchAll(VARIABLE_BLOCK)) {
      const kind = providerVariables.has(match[1]) ? 'palette' : classifyKeyName(match[1]);
      if (kind === undefined) continue;
      const bodyStart = match.index + match[0].length;
      const body = text.slice(bodyStart, blockEnd(text, bodyStart));
      const attribute = /(?<![A-Za-z0-9_])default\s*=\s*/.exec(body);
      if (attribute === null) continue;
      const span = readKeyValue(text, bodyStart + attribute.index + attribute[0].length, false);
      if (span === undefined || !assessKeyCandidate(span.value).plausible) continue;
      const confidence = kind === 'palette' ? 'high' : genericNameConfidence(context, span.start);
      report({ ...span, confidence, messageId: 'variableDefault' });
    }
  },
};

/** Offset of the `}` closing the block whose body starts at `bodyStart` (strings ignored; HCL keys need no more). */
function blockEnd(text: string, bodyStart: number): number {
  let depth = 1;
  let inString = false;
  for (let i = bodyStart; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return text.length;
}
