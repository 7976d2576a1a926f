// Request latency under the share chart: p50 and p99 of every answer per window and, where the
// generator tells versions apart (reviews by the page's stars), each version's p99, so a delay
// on one version stands out. A legend, and a sentence with the latest figures for screen readers.

import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { TrafficWindowInfo } from '../../../../core/contract';
import { versionLatencies } from '../../model/code-series';
import { seriesSlot, type ChartColors } from './chart-colors';
import { LATENCY_HEIGHT, latencyChartOptions } from './split-chart-options';
import { UplotChart } from './UplotChart';

export interface LatencyChartProps {
  windows: readonly TrafficWindowInfo[];
  /** The chart's versions in slot order; empty when versions are not told apart. */
  versions: readonly string[];
  colors: ChartColors;
}

function describeLatest(latest: TrafficWindowInfo | undefined, versions: readonly string[]): string {
  if (!latest || latest.window.requests === 0) return 'Request latency over time; no requests in the latest window.';
  const perVersion = versions
    .map((version) => [version, latest.window.latencyByVersion?.[version]?.p99] as const)
    .filter((entry): entry is readonly [string, number] => entry[1] !== undefined)
    .map(([version, p99]) => `${version} p99 ${p99} ms`);
  return `Request latency over time; latest window p50 ${latest.window.latencyMs.p50} ms, p99 ${latest.window.latencyMs.p99} ms${perVersion.length ? `; ${perVersion.join(', ')}` : ''}.`;
}

export function LatencyChart({ windows, versions, colors }: LatencyChartProps) {
  const slotted = useMemo(() => versions.map((version, index) => ({ version, slot: seriesSlot(version, index) })), [versions]);
  const perVersion = useMemo(() => versionLatencies(windows, versions), [windows, versions]);
  const slots = perVersion.versions.map((version) => slotted.find((entry) => entry.version === version)?.slot ?? 'unknown');
  const data = useMemo<uPlot.AlignedData>(() => {
    const x = windows.map((window) => (window.at + window.windowMs) / 1000);
    // A window whose every request failed without an answer has no latency to draw (not 0 ms).
    const answered = (window: TrafficWindowInfo) => window.window.requests > 0 && !(window.window.errors === window.window.requests && window.window.latencyMs.p99 === 0);
    const pick = (read: (window: TrafficWindowInfo) => number) => windows.map((window) => (answered(window) ? read(window) : null));
    return [x, pick((w) => w.window.latencyMs.p50), pick((w) => w.window.latencyMs.p99), ...perVersion.p99] as uPlot.AlignedData;
  }, [windows, perVersion]);
  const latest = windows.at(-1);
  const p99ByVersion = Object.fromEntries(perVersion.versions.map((version) => [version, latest?.window.latencyByVersion?.[version]?.p99 ?? null]));
  return (
    <div className="latency-chart" data-testid="traffic-latency" data-p99={latest?.window.latencyMs.p99 ?? ''} data-p99-by-version={JSON.stringify(p99ByVersion)}>
      <div className="chart-head chart-head-small">
        <h3 className="chart-title">Latency</h3>
        <ul className="chart-legend" aria-label="Latency percentiles">
          <li className="legend-item latency-p50">
            <span className="legend-swatch" aria-hidden="true" />
            p50
          </li>
          <li className="legend-item latency-p99">
            <span className="legend-swatch" aria-hidden="true" />
            p99
          </li>
          {perVersion.versions.map((version, index) => (
            <li key={version} className={`legend-item series-${slots[index]}`}>
              <span className="legend-swatch" aria-hidden="true" />
              {version} p99
            </li>
          ))}
        </ul>
      </div>
      <UplotChart
        options={latencyChartOptions(colors, perVersion.versions, slots)}
        data={data}
        shape={`latency|${perVersion.versions.join(',')}|${slots.join(',')}|${colors.axis}|${colors.latencyP50}`}
        height={LATENCY_HEIGHT}
        label={describeLatest(latest, perVersion.versions)}
      />
    </div>
  );
}
