// The one parser for every numeric flag (ports, --rps, --duration, --tail, serve --port): decimal
// digits only, in range. Number() would take 0x1F90, 1e3, 8080.0, " 80" and "+80", and '' as 0.

import { AppError } from '../contract';

export interface IntegerRange {
  min: number;
  max: number;
  /** Said after the range, e.g. "(0 picks a free port)". */
  note?: string;
}

/** `value` of `flag` as a whole number in range; a refusal (INVALID_ARGUMENT) says what fits. */
export function parseIntegerFlag(flag: string, value: string, range: IntegerRange): number {
  const wanted = `a whole number from ${range.min} to ${range.max}${range.note ? ` ${range.note}` : ''}`;
  if (value === '') throw new AppError('INVALID_ARGUMENT', `${flag} is empty: give ${wanted}.`, { flag });
  const negative = value.startsWith('-') && range.min < 0;
  const digits = negative ? value.slice(1) : value;
  if (!/^[0-9]{1,16}$/.test(digits)) throw new AppError('INVALID_ARGUMENT', `${flag} must be ${wanted} in decimal digits, got "${value}".`, { flag });
  const number = Number(digits) * (negative ? -1 : 1);
  if (number < range.min || number > range.max) throw new AppError('INVALID_ARGUMENT', `${flag} must be ${wanted}, got ${number}.`, { flag });
  return number;
}

/** Like parseIntegerFlag, for a flag that may be left out. */
export function optionalIntegerFlag(flag: string, value: string | boolean | undefined, range: IntegerRange): number | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  return parseIntegerFlag(flag, value, range);
}

export const PORT_RANGE: IntegerRange = { min: 1, max: 65535 };
