// Contract handlers for the split the mesh itself reports (Prometheus through the API server's
// service proxy on the lab's context). Read-only: nothing here changes the cluster.
import type { Handlers } from '../../rpc';
import type { ObservedSplits } from '../../traffic';

type TelemetryHandlers = Pick<Handlers, 'traffic.observe' | 'traffic.observeSeries'>;

export function telemetryHandlers(observed: ObservedSplits): TelemetryHandlers {
  return {
    'traffic.observe': (request) => observed.observe(request),
    'traffic.observeSeries': (request) => observed.series(request),
  };
}
