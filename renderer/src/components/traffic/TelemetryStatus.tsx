// The line under the Traffic chart that says what the dotted "mesh telemetry" lines are, or
// honestly why there are none: Prometheus cannot be read (its reason, from the core), or the
// mesh reported no requests to the service in the chart's range. No line is ever made up.

import type { ObservedSeriesInfo } from '../../../../core/contract';
import { latestTelemetryShares, reportedPoints } from '../../model/telemetry-series';
import type { TelemetryView } from '../../state/telemetry-poll';

function describeSeries(series: ObservedSeriesInfo, rangeSeconds: number): string {
  const shares = Object.entries(latestTelemetryShares(series));
  const source = `Istio's istio_requests_total in Prometheus, reporter=${series.reporter}, rate over ${series.windowSeconds} s`;
  if (shares.length === 0) return `Mesh telemetry: no requests to ${series.service}.${series.namespace} reported in the last ${rangeSeconds} s (${source}).`;
  return `Mesh telemetry, newest point: ${shares.map(([version, share]) => `${version} ${share}%`).join(', ')} (${source}).`;
}

export function TelemetryStatus({ telemetry, service, rangeSeconds }: { telemetry: TelemetryView; service: string; rangeSeconds: number }) {
  const shares = latestTelemetryShares(telemetry.series);
  let text: string;
  if (telemetry.state === 'loading') text = `Reading what the mesh reports for ${service} from Prometheus…`;
  else if (telemetry.state === 'unavailable') text = `Mesh telemetry unavailable: ${telemetry.error?.message ?? 'Prometheus did not answer.'}`;
  else text = telemetry.series ? describeSeries(telemetry.series, rangeSeconds) : '';
  return (
    <p
      className={`chart-summary telemetry-status telemetry-${telemetry.state}`}
      data-testid="traffic-telemetry"
      data-state={telemetry.state === 'ok' && Object.keys(shares).length === 0 ? 'empty' : telemetry.state}
      data-shares={JSON.stringify(shares)}
      data-points={reportedPoints(telemetry.series)}
      data-code={telemetry.error?.code ?? ''}
    >
      {text}
    </p>
  );
}
