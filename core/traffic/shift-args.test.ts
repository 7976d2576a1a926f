// The CLI's VERSION=WEIGHT words: what parses, and what each mistake says.
import { describe, expect, it } from 'vitest';
import { AppError } from '../contract';
import { parseShiftArgs } from './shift-args';

function failure(words: string[]): AppError {
  try {
    parseShiftArgs(words);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('parseShiftArgs', () => {
  it('reads VERSION=WEIGHT words, comma lists and a trailing %', () => {
    expect(parseShiftArgs(['v1=80', 'v2=20'])).toEqual([{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }]);
    expect(parseShiftArgs(['v1=50,v3=50'])).toEqual([{ version: 'v1', weight: 50 }, { version: 'v3', weight: 50 }]);
    expect(parseShiftArgs(['v3=100%'])).toEqual([{ version: 'v3', weight: 100 }]);
    expect(parseShiftArgs(['v2-mysql=0', '1.2.0=100'])).toEqual([{ version: 'v2-mysql', weight: 0 }, { version: '1.2.0', weight: 100 }]);
  });

  it('leaves sums and duplicates to checkSplit', () => {
    expect(parseShiftArgs(['v1=10', 'v1=10'])).toEqual([{ version: 'v1', weight: 10 }, { version: 'v1', weight: 10 }]);
  });

  it('says what is wrong and the form it expects', () => {
    expect(failure([]).message).toBe('No weights were given: give VERSION=WEIGHT words such as v1=80 v2=20.');
    expect(failure([' , ']).code).toBe('INVALID_ARGUMENT');
    expect(failure(['v1', 'v2=20']).message).toBe('"v1" has no "=": give VERSION=WEIGHT words such as v1=80 v2=20.');
    expect(failure(['V1=100']).message).toBe('"V1=100": "V1" is not a version label (lowercase letters, digits, - and .); give VERSION=WEIGHT words such as v1=80 v2=20.');
    expect(failure(['=100']).message).toContain('"" is not a version label');
    for (const word of ['v1=80.5', 'v1=-1', 'v1=101', 'v1=', 'v1=abc', 'v1=1e2']) {
      const error = failure([word]);
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe(`"${word}": the weight must be a whole number from 0 to 100; give VERSION=WEIGHT words such as v1=80 v2=20.`);
      expect(error.details).toEqual({ argument: word });
    }
  });
});
