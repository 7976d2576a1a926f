import { describe, expect, it } from 'vitest';
import { chartRateWindow, promqlDuration, promqlString, requestsSelector, splitQuery } from './split-query';

describe('splitQuery', () => {
  it('sums the destination-reported request rate of one service by version', () => {
    expect(splitQuery({ service: 'reviews', namespace: 'bookinfo', windowSeconds: 60 })).toBe(
      'sum by (destination_version) (rate(istio_requests_total{reporter="destination",destination_service_name="reviews",destination_service_namespace="bookinfo"}[60s]))',
    );
  });

  it('quotes label values by PromQL string rules, so a value cannot end the matcher', () => {
    expect(promqlString('reviews')).toBe('"reviews"');
    expect(promqlString('ra"t\\ings')).toBe('"ra\\"t\\\\ings"');
    expect(promqlString('a\nb\tc\rd')).toBe('"a\\nb\\tc\\rd"');
    expect(promqlString('bell\u0007 del\u007f')).toBe('"bell\\x07 del\\x7f"');
    expect(promqlString('v1.2-é')).toBe('"v1.2-é"');
    expect(requestsSelector('x"}or vector(1)#', 'ns')).toBe('istio_requests_total{reporter="destination",destination_service_name="x\\"}or vector(1)#",destination_service_namespace="ns"}');
  });

  it('writes whole seconds as durations and refuses anything else', () => {
    expect(promqlDuration(90)).toBe('90s');
    expect(() => promqlDuration(0)).toThrow(RangeError);
    expect(() => promqlDuration(1.5)).toThrow(RangeError);
  });

  it('picks a chart rate window of at least four scrapes and one step plus a scrape', () => {
    expect(chartRateWindow(15, 15)).toBe(60);
    expect(chartRateWindow(60, 15)).toBe(75);
    expect(chartRateWindow(2, 1)).toBe(4);
    expect(chartRateWindow(5, null)).toBe(60);
    expect(chartRateWindow(1, 0.5)).toBe(2);
  });
});
