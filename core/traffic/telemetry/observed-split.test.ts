import { describe, expect, it } from 'vitest';
import { describeNoTraffic, describeWindow, splitFromMatrix, splitFromVector } from './observed-split';
import type { PromAnswer } from './prometheus-answer';

function vector(rates: Record<string, number>, time = 1000): PromAnswer {
  return { resultType: 'vector', warnings: [], samples: Object.entries(rates).map(([version, value]) => ({ metric: version === '' ? ({} as Record<string, string>) : { destination_version: version }, time, value })) };
}

describe('splitFromVector', () => {
  it('gives each version its share and rate, largest first', () => {
    expect(splitFromVector(vector({ v1: 16.0017, v2: 64.0069 }))).toEqual({
      totalRps: 80.009,
      time: 1000,
      versions: [
        { version: 'v2', share: 80, rps: 64.007 },
        { version: 'v1', share: 20, rps: 16.002 },
      ],
    });
  });

  it('claims no split without requests: empty, never 0 %', () => {
    expect(splitFromVector(vector({}))).toEqual({ totalRps: 0, versions: [], time: null });
    expect(splitFromVector(vector({ v1: 0, v2: 0 }))).toEqual({ totalRps: 0, versions: [], time: 1000 });
  });

  it('names pods without a version label unknown, and ignores NaN', () => {
    const split = splitFromVector(vector({ '': 1, v1: 3, v3: Number.NaN }));
    expect(split.versions).toEqual([
      { version: 'v1', share: 75, rps: 3 },
      { version: 'unknown', share: 25, rps: 1 },
    ]);
  });
});

describe('splitFromMatrix', () => {
  it('shares per evaluation time, null where nothing was requested', () => {
    const answer: PromAnswer = {
      resultType: 'matrix',
      warnings: [],
      series: [
        { metric: { destination_version: 'v10' }, points: [{ time: 10, value: 1 }] },
        { metric: { destination_version: 'v2' }, points: [{ time: 10, value: 3 }, { time: 12, value: 0 }, { time: 14, value: 2 }] },
      ],
    };
    expect(splitFromMatrix(answer)).toEqual({
      x: [10, 12, 14],
      versions: [
        { version: 'v2', share: [75, null, 100] },
        { version: 'v10', share: [25, null, 0] },
      ],
    });
  });
});

describe('words', () => {
  it('describes windows and an empty split', () => {
    expect(describeWindow(60)).toBe('the last minute');
    expect(describeWindow(300)).toBe('the last 5 min');
    expect(describeWindow(45)).toBe('the last 45 s');
    expect(describeWindow(7200)).toBe('the last 2 h');
    expect(describeNoTraffic('reviews', 'bookinfo', 60, 15)).toBe('No requests to reviews.bookinfo in the last minute (as its sidecars report them).');
    expect(describeNoTraffic('reviews', 'bookinfo', 20, 15)).toMatch(/shorter than two of Prometheus's 15 s scrapes.*at least 60 s/);
  });
});
