// The generator's response codes under the share chart: per window the share of requests that
// got a 4xx (an AuthorizationPolicy's 403), a 5xx (an abort, an open breaker's 503), no answer
// (a reset under STRICT, a timeout) or a 200 page missing a part (a fault behind productpage).
// Figures are exposed as data attributes for tests and said in a sentence for screen readers.

import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { TrafficWindowInfo } from '../../../../core/contract';
import { CODE_CLASSES, buildCodeSeries, codeShares } from '../../model/code-series';
import { ROLLING_WINDOWS } from '../../model/split-series';
import type { ChartColors } from './chart-colors';
import { CODES_HEIGHT, codesChartOptions } from './split-chart-options';
import { UplotChart } from './UplotChart';

const LABELS: Record<string, string> = { '2xx': 'whole page', '4xx': '4xx refused', '5xx': '5xx error', failed: 'no answer', degraded: 'page missing a part' };

function describe(shares: Record<string, number>): string {
  const entries = Object.entries(shares);
  return entries.length === 0 ? 'no requests yet' : entries.map(([name, share]) => `${LABELS[name] ?? name} ${share}%`).join(', ');
}

export function CodesChart({ windows, colors }: { windows: readonly TrafficWindowInfo[]; colors: ChartColors }) {
  const series = useMemo(() => buildCodeSeries(windows), [windows]);
  const data = useMemo<uPlot.AlignedData>(() => [series.x, ...series.shares] as uPlot.AlignedData, [series]);
  // The sentence reads the same rolling span the newest point draws.
  const recent = useMemo(() => codeShares(windows.slice(-ROLLING_WINDOWS)), [windows]);
  const sentence = `Last ${ROLLING_WINDOWS} s: ${describe(recent)}.`;
  return (
    <div className="codes-chart" data-testid="traffic-codes" data-windows={windows.length} data-shares={JSON.stringify(recent)}>
      <div className="chart-head chart-head-small">
        <h3 className="chart-title">Response codes</h3>
        <ul className="chart-legend" aria-label="Outcomes">
          {CODE_CLASSES.map((name) => (
            <li key={name} className={`legend-item code-${name}`}>
              <span className="legend-swatch" aria-hidden="true" />
              {LABELS[name]}
            </li>
          ))}
        </ul>
      </div>
      <UplotChart options={codesChartOptions(colors, CODE_CLASSES)} data={data} shape={`codes|${colors.axis}|${colors.code('5xx')}`} height={CODES_HEIGHT} label={`Share of requests that did not get a whole page, over time. ${sentence}`} />
      <p className="chart-summary" aria-live="polite" data-testid="traffic-codes-summary">
        {sentence}
      </p>
    </div>
  );
}
