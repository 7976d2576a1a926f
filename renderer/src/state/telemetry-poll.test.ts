import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, type ObservedSeriesInfo } from '../../../core/contract';
import { fakeCore } from '../test-support/fake-core';
import { MIN_REFRESH_MS, pollTelemetry, RETRY_MS, type TelemetryView } from './telemetry-poll';

const series = (stepSeconds: number): ObservedSeriesInfo => ({
  service: 'ratings',
  namespace: 'bookinfo',
  reporter: 'destination',
  windowSeconds: 60,
  stepSeconds,
  scrapeIntervalSeconds: 15,
  x: [100],
  versions: [{ version: 'v1', share: [100] }],
  query: 'q',
});

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('pollTelemetry', () => {
  it('reads at once, then one step after each answer', async () => {
    const core = fakeCore({ 'traffic.observeSeries': () => series(15) });
    const views: TelemetryView[] = [];
    const stop = pollTelemetry(core.client, { service: 'ratings', namespace: 'bookinfo', rangeSeconds: 120 }, (view) => views.push(view));
    await vi.advanceTimersByTimeAsync(0);
    expect(core.of('traffic.observeSeries')).toEqual([{ service: 'ratings', namespace: 'bookinfo', rangeSeconds: 120 }]);
    expect(views).toEqual([{ state: 'ok', series: series(15), error: null }]);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(core.of('traffic.observeSeries')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(core.of('traffic.observeSeries')).toHaveLength(2);
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(core.of('traffic.observeSeries')).toHaveLength(2);
  });

  it('never reads faster than every two seconds', async () => {
    const core = fakeCore({ 'traffic.observeSeries': () => series(1) });
    const stop = pollTelemetry(core.client, { service: 'reviews' }, () => undefined);
    await vi.advanceTimersByTimeAsync(MIN_REFRESH_MS - 1);
    expect(core.of('traffic.observeSeries')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(core.of('traffic.observeSeries')).toHaveLength(2);
    stop();
  });

  it('says why when Prometheus cannot be read, and tries again later', async () => {
    let fail = true;
    const core = fakeCore({
      'traffic.observeSeries': () => {
        if (fail) throw new AppError('TELEMETRY_UNAVAILABLE', 'Prometheus (istio-system/prometheus) is not ready yet.', { reason: 'not-ready' });
        return series(5);
      },
    });
    const views: TelemetryView[] = [];
    const stop = pollTelemetry(core.client, { service: 'reviews' }, (view) => views.push(view));
    await vi.advanceTimersByTimeAsync(0);
    expect(views).toEqual([{ state: 'unavailable', series: null, error: { code: 'TELEMETRY_UNAVAILABLE', message: 'Prometheus (istio-system/prometheus) is not ready yet.', details: { reason: 'not-ready' } } }]);
    fail = false;
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    expect(views.at(-1)).toMatchObject({ state: 'ok', error: null });
    stop();
  });

  it('drops an answer that arrives after it was stopped', async () => {
    let answer: (value: ObservedSeriesInfo) => void = () => undefined;
    const core = fakeCore({ 'traffic.observeSeries': () => new Promise<ObservedSeriesInfo>((resolve) => (answer = resolve)) });
    const views: TelemetryView[] = [];
    const stop = pollTelemetry(core.client, { service: 'reviews' }, (view) => views.push(view));
    await vi.advanceTimersByTimeAsync(0);
    stop();
    answer(series(5));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(views).toEqual([]);
    expect(core.of('traffic.observeSeries')).toHaveLength(1);
  });
});
