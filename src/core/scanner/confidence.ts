import type { Confidence, DetectorContext } from './types';

const RANK: Readonly<Record<Confidence, number>> = { low: 0, medium: 1, high: 2 };

/** Orders confidences: positive when `a` is higher than `b`. */
export function compareConfidence(a: Confidence, b: Confidence): number {
  return RANK[a] - RANK[b];
}

/** True when `confidence` is `minimum` or higher. */
export function meetsConfidence(confidence: Confidence, minimum: Confidence): boolean {
  return RANK[confidence] >= RANK[minimum];
}

/** Type guard for user input (CLI flags, settings). */
export function isConfidence(value: string): value is Confidence {
  return value === 'low' || value === 'medium' || value === 'high';
}

/**
 * Confidence for a value under a generic name (`apiKey`, `API_KEY`): many services issue 32-character
 * keys, so only Palette words nearby (high) or in the file (medium) make it a Palette key.
 */
export function genericNameConfidence(context: DetectorContext, offset: number): Confidence {
  if (context.paletteNear(offset)) return 'high';
  return context.paletteMentioned() ? 'medium' : 'low';
}
