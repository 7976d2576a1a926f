// The colours of versions and chart parts, read from the stylesheet (traffic.css) so the canvas
// matches the theme; the slider swatches use the same CSS variables by class.

const SERIES_COUNT = 6;

/** The colour slot of the version at `index` in the chart's order (1-based, wrapping). */
export function seriesSlot(version: string, index: number): string {
  return version === 'unknown' ? 'unknown' : String((index % SERIES_COUNT) + 1);
}

export interface ChartColors {
  series(slot: string): string;
  axis: string;
  grid: string;
  latencyP50: string;
  latencyP99: string;
  /** A response-code class (4xx, 5xx, failed, degraded). */
  code(name: string): string;
}

export function readChartColors(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    series: (slot) => read(`--series-${slot}`, '#5b9cff'),
    axis: read('--text-muted', '#9aa2b1'),
    grid: read('--border', '#2c313b'),
    latencyP50: read('--latency-p50', '#5b9cff'),
    latencyP99: read('--latency-p99', '#e8b339'),
    code: (name) => read(`--code-${name}`, '#f2665e'),
  };
}
