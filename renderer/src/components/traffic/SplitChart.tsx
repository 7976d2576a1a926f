// The observed split next to the target: per version, the share of answers the generator saw
// over the last few windows (solid, reviews only: it tells versions apart by the page's stars),
// the weight the cluster was told (dashed), and the share the mesh itself reports from its
// telemetry (dotted, any service); below it the generator's response codes and latency
// (p50/p99, and p99 per version for reviews). uPlot canvases fed from bounded
// lists; text lines say the same in words, and data attributes expose the figures for tests.

import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { TrafficWindowInfo, WeightInfo } from '../../../../core/contract';
import { ROLLING_WINDOWS, buildSplitSeries, chartVersions, lastChange, observedShares, type TargetMark } from '../../model/split-series';
import { chartLines, withTelemetryVersions } from '../../model/telemetry-series';
import { seriesSlot } from './chart-colors';
import { CodesChart } from './CodesChart';
import { LatencyChart } from './LatencyChart';
import { SHARE_HEIGHT, shareChartOptions } from './split-chart-options';
import { TelemetryStatus } from './TelemetryStatus';
import { UplotChart } from './UplotChart';
import { useChartColors } from './use-chart-colors';
import type { TelemetryView } from '../../state/telemetry-poll';

function describeShares(shares: Record<string, number>): string {
  const entries = Object.entries(shares);
  return entries.length === 0 ? 'no answers yet' : entries.map(([version, share]) => `${version} ${share}%`).join(', ');
}

function describeTarget(weights: readonly WeightInfo[] | null): string {
  return weights ? weights.map((w) => `${w.version} ${w.weight}%`).join(', ') : 'no routing rule (Kubernetes spreads requests over the pods)';
}

const NO_WINDOWS: readonly TrafficWindowInfo[] = [];

export interface SplitChartProps {
  windows: readonly TrafficWindowInfo[];
  marks: readonly TargetMark[];
  versions: readonly string[];
  target: readonly WeightInfo[] | null;
  service: string;
  /** Whether the generator's windows are of this service (it classifies reviews only). */
  classified: boolean;
  telemetry: TelemetryView;
  rangeSeconds: number;
}

export function SplitChart({ windows, marks, versions, target, service, classified, telemetry, rangeSeconds }: SplitChartProps) {
  const colors = useChartColors();
  const pageWindows = classified ? windows : NO_WINDOWS;
  const shown = useMemo(() => withTelemetryVersions(chartVersions(versions, pageWindows), telemetry.series), [versions, pageWindows, telemetry.series]);
  const series = useMemo(() => buildSplitSeries(pageWindows, marks, shown), [pageWindows, marks, shown]);
  const lines = useMemo(() => chartLines(series, marks, telemetry.series), [series, marks, telemetry.series]);
  const since = lastChange(marks);
  const shares = useMemo(() => observedShares(pageWindows, since), [pageWindows, since]);
  const answersSince = useMemo(
    () => pageWindows.filter((w) => since === null || w.at >= since).reduce((total, w) => total + Object.values(w.window.byVersion).reduce((a, b) => a + b, 0), 0),
    [pageWindows, since],
  );
  const slots = shown.map((version, index) => seriesSlot(version, index));
  const shape = `${shown.join(',')}|${slots.join(',')}|${colors.axis}|${colors.series('1')}`;

  const shareData = useMemo<uPlot.AlignedData>(() => [lines.x, ...lines.observed, ...lines.target, ...lines.telemetry] as uPlot.AlignedData, [lines]);
  const summary = classified
    ? `Answers since the split last changed (${answersSince}): ${describeShares(shares)}. Target: ${describeTarget(target)}.`
    : `The generator tells only reviews versions apart; for ${service} the chart shows what the mesh reports. Target: ${describeTarget(target)}.`;
  const nothingYet = lines.x.length === 0;
  return (
    <div
      className="split-chart"
      data-testid="traffic-chart"
      data-service={service}
      data-windows={pageWindows.length}
      data-observed={JSON.stringify(shares)}
      data-target={JSON.stringify(Object.fromEntries((target ?? []).map((w) => [w.version, w.weight])))}
    >
      <div className="chart-head">
        <h3 className="chart-title">Share of {service} requests by version</h3>
        <ul className="chart-legend" aria-label="Versions and lines">
          {shown.map((version, index) => (
            <li key={version} className={`legend-item series-${slots[index]}`}>
              <span className="legend-swatch" aria-hidden="true" />
              {version === 'unknown' ? 'not recognised' : version}
            </li>
          ))}
          {classified ? (
            <li className="legend-key">
              <span className="legend-line" aria-hidden="true" /> page stars (generator, last {ROLLING_WINDOWS} s)
            </li>
          ) : null}
          <li className="legend-key">
            <span className="legend-line legend-line-dotted" aria-hidden="true" /> mesh telemetry (Prometheus{telemetry.series ? `, rate over ${telemetry.series.windowSeconds} s` : ''})
          </li>
          <li className="legend-key">
            <span className="legend-line legend-line-dashed" aria-hidden="true" /> target
          </li>
        </ul>
      </div>
      <div className="chart-frame">
        <UplotChart options={shareChartOptions(colors, shown, slots)} data={shareData} shape={shape} height={SHARE_HEIGHT} label={`Share of ${service} requests by version over time. ${summary}`} />
        {nothingYet ? (
          <p className="chart-empty">
            {windows.length > 0 && !classified
              ? `The generator’s answers are counted below (response codes, latency); this chart shows the split the mesh reports for ${service} once Prometheus has it.`
              : `No requests yet. Start the generator below, or send requests to ${service} any way you like: the mesh reports them all.`}
          </p>
        ) : null}
      </div>
      <p className="chart-summary" aria-live="polite" data-testid="traffic-observed">
        {summary}
      </p>
      <TelemetryStatus telemetry={telemetry} service={service} rangeSeconds={rangeSeconds} />
      {/* The generator's codes and latency are of the product page whichever service is picked: a fault or a policy anywhere behind it shows there. */}
      <CodesChart windows={windows} colors={colors} />
      <LatencyChart windows={windows} versions={classified ? shown : []} colors={colors} />
    </div>
  );
}
