// Request latency under the share chart: p50 and p99 per window, with a legend and a sentence
// giving the latest window's figures for screen readers.

import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { TrafficWindowInfo } from '../../../../core/contract';
import type { SplitSeries } from '../../model/split-series';
import type { ChartColors } from './chart-colors';
import { LATENCY_HEIGHT, latencyChartOptions } from './split-chart-options';
import { UplotChart } from './UplotChart';

export function LatencyChart({ series, latest, colors }: { series: SplitSeries; latest: TrafficWindowInfo | undefined; colors: ChartColors }) {
  const data = useMemo<uPlot.AlignedData>(() => [series.x, series.p50, series.p99] as uPlot.AlignedData, [series]);
  return (
    <>
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
        options={latencyChartOptions(colors)}
        data={data}
        shape={`latency|${colors.axis}|${colors.latencyP50}`}
        height={LATENCY_HEIGHT}
        label={latest ? `Request latency over time; latest window p50 ${latest.window.latencyMs.p50} ms, p99 ${latest.window.latencyMs.p99} ms.` : 'Request latency over time; no requests yet.'}
      />
    </>
  );
}
