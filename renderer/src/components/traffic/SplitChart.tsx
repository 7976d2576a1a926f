// The observed split next to the target: per version, the share of answers over the last few
// windows (solid) and the weight the cluster was told (dashed), and below it latency p50/p99.
// Both are uPlot canvases fed from the bounded window list; a text line says the same in words,
// and data attributes expose the counts for tests.

import { useEffect, useMemo, useState } from 'react';
import uPlot from 'uplot';
import type { TrafficWindowInfo, WeightInfo } from '../../../../core/contract';
import { ROLLING_WINDOWS, buildSplitSeries, chartVersions, lastChange, observedShares, type TargetMark } from '../../model/split-series';
import { readChartColors, seriesSlot, type ChartColors } from './chart-colors';
import { UplotChart } from './UplotChart';

const SHARE_HEIGHT = 220;
const LATENCY_HEIGHT = 120;

/** Colours follow the system's light or dark scheme: read them again when it changes. */
function useChartColors(): ChartColors {
  const [colors, setColors] = useState(readChartColors);
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: light)');
    const changed = () => setColors(readChartColors());
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, []);
  return colors;
}

// A target holds until it changes: draw it as steps, not as a ramp between windows.
const stepped = uPlot.paths.stepped?.({ align: 1 });

function clockTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

function axes(colors: ChartColors, unit: (value: number) => string, size = 52): uPlot.Axis[] {
  const common = { stroke: colors.axis, grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid, width: 1 }, font: '11px system-ui, sans-serif' };
  return [
    { ...common, space: 80, values: (_chart: uPlot, splits: number[]) => splits.map(clockTime) },
    { ...common, size, values: (_chart: uPlot, splits: number[]) => splits.map(unit) },
  ];
}

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
  const latencyData = useMemo<uPlot.AlignedData>(() => [series.x, series.p50, series.p99] as uPlot.AlignedData, [series]);

  const shareOptions = (width: number): uPlot.Options => ({
    width,
    height: SHARE_HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: [0, 100] } },
    axes: axes(colors, (value) => `${value}%`, 64),
    series: [
      {},
      ...shown.map((version, index) => ({ label: `${version} observed`, stroke: colors.series(slots[index]!), width: 2, points: { show: false } })),
      ...shown.map((version, index) => ({ label: `${version} target`, stroke: colors.series(slots[index]!), width: 1.25, dash: [6, 5], points: { show: false }, ...(stepped ? { paths: stepped } : {}) })),
    ],
  });

  const latencyOptions = (width: number): uPlot.Options => ({
    width,
    height: LATENCY_HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_chart, _min, max) => [0, Math.max(10, (max ?? 0) * 1.15)] } },
    axes: axes(colors, (value) => `${value} ms`, 64),
    series: [{}, { label: 'p50', stroke: colors.latencyP50, width: 1.5, points: { show: false } }, { label: 'p99', stroke: colors.latencyP99, width: 1.5, points: { show: false } }],
  });

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
        <UplotChart options={shareOptions} data={shareData} shape={shape} height={SHARE_HEIGHT} label={`Share of answers by ${service} version over time. ${summary}`} />
        {windows.length === 0 ? (
          <p className="chart-empty">No requests yet. Start the generator below to see which version real requests reach.</p>
        ) : null}
      </div>
      <p className="chart-summary" aria-live="polite" data-testid="traffic-observed">
        {summary}
      </p>
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
        </ul>
      </div>
      <UplotChart
        options={latencyOptions}
        data={latencyData}
        shape={`latency|${colors.axis}|${colors.latencyP50}`}
        height={LATENCY_HEIGHT}
        label={latest ? `Request latency over time; latest window p50 ${latest.window.latencyMs.p50} ms, p99 ${latest.window.latencyMs.p99} ms.` : 'Request latency over time; no requests yet.'}
      />
    </div>
  );
}
