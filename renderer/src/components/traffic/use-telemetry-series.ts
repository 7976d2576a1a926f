// Reads the split the mesh reports for the chart's service (traffic.observeSeries) while the
// chart is shown: once at once, then again after each answer, one step later (Prometheus has
// no watch; each read covers the whole range, so a missed one loses nothing). A failure is
// kept with its reason (TELEMETRY_UNAVAILABLE says why) and retried more slowly.

import { useEffect, useState } from 'react';
import type { AppErrorInfo, Client, ObservedSeriesInfo } from '../../../../core/contract';
import { toErrorInfo } from '../../model/error-text';

export interface TelemetryView {
  state: 'loading' | 'ok' | 'unavailable';
  series: ObservedSeriesInfo | null;
  error: AppErrorInfo | null;
}

const RETRY_MS = 10_000;
const MIN_REFRESH_MS = 2_000;

export function useTelemetrySeries(client: Pick<Client, 'call'>, service: string, namespace: string, rangeSeconds: number): TelemetryView {
  const [view, setView] = useState<TelemetryView & { key: string }>({ key: '', state: 'loading', series: null, error: null });
  const key = `${namespace}/${service}/${rangeSeconds}`;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async (): Promise<void> => {
      let next = RETRY_MS;
      try {
        const series = await client.call('traffic.observeSeries', { service, namespace, rangeSeconds });
        if (stopped) return;
        setView({ key, state: 'ok', series, error: null });
        next = Math.max(MIN_REFRESH_MS, series.stepSeconds * 1000);
      } catch (error) {
        if (stopped) return;
        // The last series stays out of sight: an old split drawn as if current would mislead.
        setView({ key, state: 'unavailable', series: null, error: toErrorInfo(error) });
      }
      if (!stopped) timer = setTimeout(() => void read(), next);
    };
    void read();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [client, service, namespace, rangeSeconds, key]);
  // Until the new service's first answer, nothing of the previous one is shown.
  return view.key === key ? view : { state: 'loading', series: null, error: null };
}
