// The CLI's way of writing a split: words like `v1=80 v2=20` (also `v1=80,v2=20` and `v1=80%`).
// Only the syntax is checked here; whether the versions exist and the weights sum to 100 is
// checkSplit's job, once the service's versions are known.

import { AppError, type WeightInfo } from '../contract';

const FORM = 'VERSION=WEIGHT words such as v1=80 v2=20';
const VERSION = /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/;
const WEIGHT = /^\d{1,3}$/;

/** `["v1=80", "v2=20"]` → `[{version: "v1", weight: 80}, {version: "v2", weight: 20}]`. */
export function parseShiftArgs(words: readonly string[]): WeightInfo[] {
  const parts = words.flatMap((word) => word.split(',')).map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0) throw invalid(`No weights were given: give ${FORM}.`, '');
  return parts.map((part) => {
    const equals = part.indexOf('=');
    if (equals < 0) throw invalid(`"${part}" has no "=": give ${FORM}.`, part);
    const version = part.slice(0, equals).trim();
    const weight = part.slice(equals + 1).trim().replace(/%$/, '');
    if (!VERSION.test(version)) throw invalid(`"${part}": "${version}" is not a version label (lowercase letters, digits, - and .); give ${FORM}.`, part);
    if (!WEIGHT.test(weight) || Number(weight) > 100) throw invalid(`"${part}": the weight must be a whole number from 0 to 100; give ${FORM}.`, part);
    return { version, weight: Number(weight) };
  });
}

function invalid(message: string, argument: string): AppError {
  return new AppError('INVALID_ARGUMENT', message, { argument });
}
