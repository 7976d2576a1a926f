// One client proxy's outlier detection for one upstream cluster, as Envoy's
// (source/extensions/outlier_detection_monitors, upstream/outlier_detection_impl.cc) runs with
// what Istio sets from DestinationRule outlierDetection: consecutive5xxErrors (a 5xx answer, or
// a reset / connect failure / timeout, which Envoy counts as 5xx while local-origin errors are
// not split) and consecutiveGatewayErrors (502, 503, 504) eject a host for baseEjectionTime ×
// the times it was ejected (at most max_ejection_time, 300 s), unless that would eject more
// than maxEjectionPercent of the hosts (one host may always go). An ejected host comes back at
// the first interval tick after its time is up. Istio disables the panic threshold, so with
// every host ejected the cluster has no healthy upstream. Success-rate ejection is not modelled.
import { durationMs } from './duration.js';
import type { Endpoint } from './endpoints.js';
import type { TrafficPolicy } from './mesh-config.js';

export interface OutlierSettings {
  consecutive5xx: number;
  consecutiveGateway: number;
  intervalMs: number;
  baseEjectionMs: number;
  maxEjectionPercent: number;
}

const maxEjectionMs = 300_000;

/** Istio's defaults when `outlierDetection` is present: 5 consecutive 5xx, 10 s interval, 30 s base, 10 %. */
export function outlierSettings(policy: TrafficPolicy): OutlierSettings | undefined {
  const od = policy.outlierDetection;
  if (!od) return undefined;
  return {
    consecutive5xx: od.consecutive5xxErrors ?? 5,
    consecutiveGateway: od.consecutiveGatewayErrors ?? 0,
    intervalMs: durationMs(od.interval) ?? 10_000,
    baseEjectionMs: durationMs(od.baseEjectionTime) ?? 30_000,
    maxEjectionPercent: od.maxEjectionPercent ?? 10,
  };
}

export type TryResult = { status: number } | 'local-failure';

interface HostState {
  consecutive5xx: number;
  consecutiveGateway: number;
  ejections: number;
  ejectedUntil?: number;
}

const hostKey = (e: Endpoint): string => `${e.pod.namespace}/${e.pod.name}:${e.port}`;

export class OutlierDetector {
  private readonly hosts = new Map<string, HostState>();
  private readonly started: number;

  constructor(private settings: OutlierSettings, private readonly now: () => number = Date.now) {
    this.started = now();
  }

  update(settings: OutlierSettings): void {
    this.settings = settings;
  }

  /** The endpoints not ejected now (releasing those whose ejection ended by the last interval tick). */
  healthy(endpoints: readonly Endpoint[]): Endpoint[] {
    const now = this.now();
    const lastTick = this.started + Math.floor((now - this.started) / this.settings.intervalMs) * this.settings.intervalMs;
    return endpoints.filter((e) => {
      const state = this.hosts.get(hostKey(e));
      if (state?.ejectedUntil === undefined) return true;
      if (state.ejectedUntil > lastTick) return false;
      delete state.ejectedUntil;
      return true;
    });
  }

  isEjected(endpoint: Endpoint): boolean {
    return this.hosts.get(hostKey(endpoint))?.ejectedUntil !== undefined;
  }

  /** One try's result at `endpoint`, among the cluster's `endpoints`. */
  report(endpoint: Endpoint, result: TryResult, endpoints: readonly Endpoint[]): void {
    const key = hostKey(endpoint);
    const state = this.hosts.get(key) ?? { consecutive5xx: 0, consecutiveGateway: 0, ejections: 0 };
    this.hosts.set(key, state);
    const status = result === 'local-failure' ? 503 : result.status;
    if (status < 500) {
      state.consecutive5xx = 0;
      state.consecutiveGateway = 0;
      return;
    }
    state.consecutive5xx++;
    if (status === 502 || status === 503 || status === 504) state.consecutiveGateway++;
    const { consecutive5xx, consecutiveGateway } = this.settings;
    const tripped = (consecutive5xx > 0 && state.consecutive5xx >= consecutive5xx) || (consecutiveGateway > 0 && state.consecutiveGateway >= consecutiveGateway);
    if (tripped && state.ejectedUntil === undefined) this.eject(state, endpoints);
  }

  private eject(state: HostState, endpoints: readonly Endpoint[]): void {
    const ejected = endpoints.filter((e) => this.isEjected(e)).length;
    const total = Math.max(1, endpoints.length);
    if (ejected > 0 && ((ejected + 1) * 100) / total > this.settings.maxEjectionPercent) return;
    state.ejections++;
    state.ejectedUntil = this.now() + Math.min(maxEjectionMs, this.settings.baseEjectionMs * state.ejections);
    state.consecutive5xx = 0;
    state.consecutiveGateway = 0;
  }
}
