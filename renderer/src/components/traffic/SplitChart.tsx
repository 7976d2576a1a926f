// The observed split next to the target: per version, the share of answers over the last few
// windows (solid) and the weight the cluster was told (dashed), and below it latency p50/p99.
// Both are uPlot canvases fed from the bounded window list; a text line says the same in words,
// and data attributes expose the counts for tests.

import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { TrafficWindowInfo, WeightInfo } from '../../../../core/contract';
import { ROLLING_WINDOWS, buildSplitSeries, chartVersions, lastChange, observedShares, type TargetMark } from '../../model/split-series';
import { seriesSlot } from './chart-colors';
import { LatencyChart } from './LatencyChart';
import { SHARE_HEIGHT, shareChartOptions } from './split-chart-options';
import { UplotChart } from './UplotChart';
import { useChartColors } from './use-chart-colors';

function describeShares(shares: Record<string, number>): string {
  const entries = Object.entries(shares);
  return entries.length === 0 ? 'no answers yet' : entries.map(([version, share]) => `${version} ${share}%`).join(', ');
}

function describeTarget(weights: readonly WeightInfo[] | null): string {
  return weights ? weights.map((w) => `${w.version} ${w.weight}%`).join(', ') : 'no routing rule (Kubernetes spreads requests over the pods)';
}

export function SplitChart({ windows, marks, versions, target, service }: { windows: readonly TrafficWindowInfo[]; marks: readonly TargetMark[]; versions: readonly string[]; target: readonly WeightInfo[] | null; service: string }) {
  const colors = useChartColors();
  const shown = useMemo(() => chartVersions(versions, windows), [versions, windows]);
  const series = useMemo(() => buildSplitSeries(windows, marks, shown), [windows, marks, shown]);
  const since = lastChange(marks);
  const shares = useMemo(() => observedShares(windows, since), [windows, since]);
  const answersSince = useMemo(
    () => windows.filter((w) => since === null || w.at >= since).reduce((total, w) => total + Object.values(w.window.byVersion).reduce((a, b) => a + b, 0), 0),
    [windows, since],
  );
  const slots = shown.map((version, index) => seriesSlot(version, index));
  const shape = `${shown.join(',')}|${slots.join(',')}|${colors.axis}|${colors.series('1')}`;

  const shareData = useMemo<uPlot.AlignedData>(() => [series.x, ...series.observed, ...series.target] as uPlot.AlignedData, [series]);
  const latest = windows.at(-1);
  const summary = `Answers since the split last changed (${answersSince}): ${describeShares(shares)}. Target: ${describeTarget(target)}.`;
  return (
    <div
      className="split-chart"
      data-testid="traffic-chart"
      data-windows={windows.length}
      data-observed={JSON.stringify(shares)}
      data-target={JSON.stringify(Object.fromEntries((target ?? []).map((w) => [w.version, w.weight])))}
    >
      <div className="chart-head">
        <h3 className="chart-title">Share of answers by version</h3>
        <ul className="chart-legend" aria-label="Versions">
          {shown.map((version, index) => (
            <li key={version} className={`legend-item series-${slots[index]}`}>
              <span className="legend-swatch" aria-hidden="true" />
              {version === 'unknown' ? 'not recognised' : version}
            </li>
          ))}
          <li className="legend-key">
            <span className="legend-line" aria-hidden="true" /> observed (last {ROLLING_WINDOWS} s)
          </li>
          <li className="legend-key">
            <span className="legend-line legend-line-dashed" aria-hidden="true" /> target
          </li>
        </ul>
      </div>
      <div className="chart-frame">
        <UplotChart options={shareChartOptions(colors, shown, slots)} data={shareData} shape={shape} height={SHARE_HEIGHT} label={`Share of answers by ${service} version over time. ${summary}`} />
        {windows.length === 0 ? (
          <p className="chart-empty">No requests yet. Start the generator below to see which version real requests reach.</p>
        ) : null}
      </div>
      <p className="chart-summary" aria-live="polite" data-testid="traffic-observed">
        {summary}
      </p>
      <LatencyChart series={series} latest={latest} colors={colors} />
    </div>
  );
}
