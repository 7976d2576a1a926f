// Reads the split the mesh reports for one service again and again while a screen shows it
// (traffic.observeSeries): at once, then one step after each answer (Prometheus has no watch;
// each read covers the whole range, so a late one loses nothing). A failure is reported with
// its reason (TELEMETRY_UNAVAILABLE says why) and retried more slowly. Never two reads at once.

import type { AppErrorInfo, Client, MethodParams, ObservedSeriesInfo } from '../../../core/contract';
import { toErrorInfo } from '../model/error-text';

export interface TelemetryView {
  state: 'loading' | 'ok' | 'unavailable';
  series: ObservedSeriesInfo | null;
  error: AppErrorInfo | null;
}

export const LOADING_TELEMETRY: TelemetryView = { state: 'loading', series: null, error: null };
export const RETRY_MS = 10_000;
export const MIN_REFRESH_MS = 2_000;

/** Starts reading; `onView` gets each outcome. The returned function stops it (an answer in flight is dropped). */
export function pollTelemetry(client: Pick<Client, 'call'>, params: MethodParams<'traffic.observeSeries'>, onView: (view: TelemetryView) => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const read = async (): Promise<void> => {
    let next = RETRY_MS;
    try {
      const series = await client.call('traffic.observeSeries', params);
      if (stopped) return;
      onView({ state: 'ok', series, error: null });
      next = Math.max(MIN_REFRESH_MS, series.stepSeconds * 1000);
    } catch (error) {
      if (stopped) return;
      // No old series stays on screen: an old split drawn as if current would mislead.
      onView({ state: 'unavailable', series: null, error: toErrorInfo(error) });
    }
    if (!stopped) timer = setTimeout(() => void read(), next);
  };
  void read();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
