import { describe, expect, it } from 'vitest';
import { checkWholeNumber } from './generator-settings';

describe('generator fields', () => {
  it('accepts whole numbers in range, with spaces around', () => {
    expect(checkWholeNumber(' 5 ', 1, 200, 'rate')).toEqual({ ok: true, value: 5 });
    expect(checkWholeNumber('200', 1, 200, 'rate')).toEqual({ ok: true, value: 200 });
  });

  it('says what is wrong otherwise', () => {
    expect(checkWholeNumber('201', 1, 200, 'rate')).toEqual({ ok: false, message: 'The rate must be from 1 to 200.' });
    expect(checkWholeNumber('0', 1, 200, 'rate')).toEqual({ ok: false, message: 'The rate must be from 1 to 200.' });
    for (const text of ['', '2.5', '-3', 'ten', '1e2']) expect(checkWholeNumber(text, 1, 200, 'rate').ok).toBe(false);
  });
});
