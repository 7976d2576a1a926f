// One strict parser for every numeric flag: decimal digits in range, nothing Number() would also take.
import { describe, expect, it } from 'vitest';
import { AppError } from '../contract';
import { optionalIntegerFlag, parseIntegerFlag, PORT_RANGE } from './numbers';

function refusal(value: string, range = PORT_RANGE): string {
  try {
    parseIntegerFlag('--http-port', value, range);
  } catch (error) {
    if (error instanceof AppError && error.code === 'INVALID_ARGUMENT') return error.message;
    throw error;
  }
  throw new Error(`"${value}" was accepted`);
}

describe('parseIntegerFlag', () => {
  it('takes decimal integers in range', () => {
    expect(parseIntegerFlag('--http-port', '8080', PORT_RANGE)).toBe(8080);
    expect(parseIntegerFlag('--http-port', '08080', PORT_RANGE)).toBe(8080);
    expect(parseIntegerFlag('--tail', '-1', { min: -1, max: 10 })).toBe(-1);
    expect(optionalIntegerFlag('--rps', undefined, { min: 1, max: 200 })).toBeUndefined();
  });

  it('refuses what Number() would take, saying what fits', () => {
    for (const odd of ['0x1F90', '1e3', '8080.0', ' 80', '80 ', '+80', '-80', '８０', '1_000', 'Infinity', '12345678901234567']) {
      expect(refusal(odd)).toBe(`--http-port must be a whole number from 1 to 65535 in decimal digits, got "${odd}".`);
    }
    expect(refusal('')).toBe('--http-port is empty: give a whole number from 1 to 65535.');
    expect(refusal('0')).toBe('--http-port must be a whole number from 1 to 65535, got 0.');
    expect(refusal('65536')).toBe('--http-port must be a whole number from 1 to 65535, got 65536.');
    expect(refusal('-2', { min: -1, max: 10 })).toContain('got -2');
  });
});
