import { describe, expect, it } from 'vitest';
import type { ObservedSplitInfo } from '../contract';
import { formatObservedSplit, parseWindowFlag } from './traffic-observe';

const split: ObservedSplitInfo = {
  service: 'reviews',
  namespace: 'bookinfo',
  reporter: 'destination',
  windowSeconds: 60,
  scrapeIntervalSeconds: 15,
  at: '2026-12-02T13:00:00.000Z',
  totalRps: 12.5,
  versions: [
    { version: 'v1', share: 80, rps: 10 },
    { version: 'v2', share: 20, rps: 2.5 },
  ],
  query: 'sum by (destination_version) (rate(istio_requests_total{reporter="destination",destination_service_name="reviews",destination_service_namespace="bookinfo"}[60s]))',
};

describe('traffic --observe output', () => {
  it('prints version, share and requests per second, with the query to paste into Prometheus', () => {
    expect(formatObservedSplit(split)).toBe(
      [
        'Requests to reviews.bookinfo in the last minute, as its sidecars report them (reporter=destination):',
        '  VERSION     SHARE     REQ/S',
        '  v1          80.0%      10.0',
        '  v2          20.0%      2.50',
        'total 12.5 req/s. Prometheus scrapes every 15 s.',
        `query: ${split.query}`,
      ].join('\n'),
    );
  });

  it('says there were no requests rather than 0 %, and when the window is too short for a rate', () => {
    expect(formatObservedSplit({ ...split, versions: [], totalRps: 0 })).toMatch(/^No requests to reviews\.bookinfo in the last minute \(as its sidecars report them\)\.\nquery: /);
    expect(formatObservedSplit({ ...split, windowSeconds: 20, versions: [], totalRps: 0 })).toContain("shorter than two of Prometheus's 15 s scrapes");
    expect(formatObservedSplit({ ...split, versions: [], totalRps: 0 })).not.toMatch(/0(\.0)?%/);
  });

  it('reads --window as Prometheus durations in whole seconds', () => {
    expect(parseWindowFlag('90s')).toBe(90);
    expect(parseWindowFlag('5m')).toBe(300);
    expect(parseWindowFlag('1m30s')).toBe(90);
    expect(parseWindowFlag('24h')).toBe(86_400);
    for (const bad of ['0s', '500ms', '60', '1.5m', '-1m', '25h', '']) expect(() => parseWindowFlag(bad), bad).toThrow(/--window/);
  });
});
