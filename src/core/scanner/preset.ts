import { apiKeyHeaderDetector } from './rules/apiKeyHeader';
import { base64EncodedDetector } from './rules/base64Encoded';
import { envAssignmentDetector } from './rules/envAssignment';
import { knownKeyDetector } from './rules/knownKey';
import { paletteSectionDetector } from './rules/paletteSection';
import { sdkCallDetector } from './rules/sdkCall';
import { terraformProviderDetector } from './rules/terraformProvider';
import { terraformVariablesDetector } from './rules/terraformVariables';
import { urlQueryDetector } from './rules/urlQuery';
import type { Detector } from './types';

/**
 * Every detector, most specific first: when two report the same range with the same confidence,
 * the earlier one wins (which keeps finding fingerprints deterministic).
 */
export const paletteKeysPreset: readonly Detector[] = [
  knownKeyDetector,
  terraformProviderDetector,
  apiKeyHeaderDetector,
  sdkCallDetector,
  urlQueryDetector,
  envAssignmentDetector,
  base64EncodedDetector,
  // Added after the others so that a range an older rule also reports keeps that rule's fingerprint.
  terraformVariablesDetector,
  paletteSectionDetector,
];
