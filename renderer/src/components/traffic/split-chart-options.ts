// The uPlot options of the Traffic charts: the share chart (per version, the generator's
// observed share solid, the target dashed, the mesh's telemetry dotted with points, 0..100 %) and the latency chart (p50 and p99 in ms), both on clock-time axes
// in the theme's colours.

import uPlot from 'uplot';
import type { ChartColors } from './chart-colors';

export const SHARE_HEIGHT = 220;
export const LATENCY_HEIGHT = 120;
export const CODES_HEIGHT = 120;

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

/** Options for the share chart of `versions`, coloured by their `slots`. */
export function shareChartOptions(colors: ChartColors, versions: readonly string[], slots: readonly string[]): (width: number) => uPlot.Options {
  return (width) => ({
    width,
    height: SHARE_HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: [0, 100] } },
    axes: axes(colors, (value) => `${value}%`, 64),
    series: [
      {},
      ...versions.map((version, index) => ({ label: `${version} observed`, stroke: colors.series(slots[index]!), width: 2, points: { show: false } })),
      ...versions.map((version, index) => ({ label: `${version} target`, stroke: colors.series(slots[index]!), width: 1.25, dash: [6, 5], points: { show: false }, ...(stepped ? { paths: stepped } : {}) })),
      // Prometheus's points are a step apart: dots mark where the mesh really reported.
      ...versions.map((version, index) => ({ label: `${version} mesh telemetry`, stroke: colors.series(slots[index]!), width: 2, dash: [2, 4], points: { show: true, size: 5, width: 1 } })),
    ],
  });
}

/** The response-codes chart: per class the share of requests that did not get a whole 2xx page, 0..100 %. */
export function codesChartOptions(colors: ChartColors, classes: readonly string[]): (width: number) => uPlot.Options {
  return (width) => ({
    width,
    height: CODES_HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: [0, 100] } },
    axes: axes(colors, (value) => `${value}%`, 64),
    series: [{}, ...classes.map((name) => ({ label: name, stroke: colors.code(name), width: 2, points: { show: false } }))],
  });
}

/** p50 and p99 of every answer, then one thinner p99 line per version (coloured like its slider) when the versions are known. */
export function latencyChartOptions(colors: ChartColors, versions: readonly string[] = [], slots: readonly string[] = []): (width: number) => uPlot.Options {
  return (width) => ({
    width,
    height: LATENCY_HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_chart, _min, max) => [0, Math.max(10, (max ?? 0) * 1.15)] } },
    axes: axes(colors, (value) => `${value} ms`, 64),
    series: [
      {},
      { label: 'p50', stroke: colors.latencyP50, width: 1.5, points: { show: false } },
      { label: 'p99', stroke: colors.latencyP99, width: 1.5, points: { show: false } },
      ...versions.map((version, index) => ({ label: `${version} p99`, stroke: colors.series(slots[index]!), width: 1.25, dash: [3, 3], points: { show: false } })),
    ],
  });
}
