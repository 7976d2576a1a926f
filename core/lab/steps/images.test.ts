// The images step's progress line: MB with thousands separators, images counted, percent of the bytes known.
import { describe, expect, it } from 'vitest';
import { describePull } from './images';

describe('describePull', () => {
  it('says bytes and images', () => {
    expect(describePull({ bytesDone: 412e6, bytesTotal: 1930e6, imagesDone: 6, imagesTotal: 15, current: 'x' })).toEqual({ detail: '412 of 1,930 MB · 6 of 15 images', percent: 21 });
    expect(describePull({ bytesDone: 0, bytesTotal: 0, imagesDone: 3, imagesTotal: 15, current: 'x' })).toEqual({ detail: 'Pulling · 3 of 15 images', percent: null });
    expect(describePull({ bytesDone: 10, bytesTotal: 10, imagesDone: 14, imagesTotal: 15, current: 'x' }).percent).toBe(99);
  });
});
