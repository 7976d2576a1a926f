// Shapes of the split the mesh itself reports: Istio's istio_requests_total in the lab's
// Prometheus, summed by destination_version, as a rate over a window (now, or as a series over
// time for the Traffic chart). Any service with versions, from any client's traffic.

import { integer, object, optional, string } from './schema';

/**
 * Whose count is read: the server-side sidecar of the pod that answered. It sees every request
 * that reached the service (from the gateway, other workloads, or clients with no sidecar), once,
 * and labels it with the version of the pod that really answered. "source" would miss clients
 * outside the mesh, and reading both would count each request twice.
 */
export const TELEMETRY_REPORTER = 'destination';

/** Where the lab's Prometheus lives (the addon of samples/addons/prometheus.yaml). */
export const PROMETHEUS_SERVICE = { namespace: 'istio-system', name: 'prometheus', port: 9090 } as const;

/** Default rate window: four scrapes at the upstream addon's 15 s interval, so a rate has samples. */
export const DEFAULT_OBSERVE_WINDOW_SECONDS = 60;
export const MAX_OBSERVE_WINDOW_SECONDS = 24 * 3600;

export interface ObservedVersionInfo {
  /** The answering pods' version label (destination_version); "unknown" when they have none. */
  version: string;
  /** Percent of the service's requests, 0..100 (one decimal). */
  share: number;
  /** Requests per second over the window. */
  rps: number;
}

export interface ObservedSplitInfo {
  service: string;
  namespace: string;
  reporter: typeof TELEMETRY_REPORTER;
  windowSeconds: number;
  /** Prometheus's own scrape interval (global.scrape_interval), when it said; null otherwise. */
  scrapeIntervalSeconds: number | null;
  /** When Prometheus evaluated the query (ISO 8601). */
  at: string;
  /** Requests per second to the service, all versions. */
  totalRps: number;
  /** By version, largest share first; empty when nothing reached the service in the window. */
  versions: ObservedVersionInfo[];
  /** The PromQL sent, so a user can paste it into the Prometheus pane. */
  query: string;
}

export interface ObservedSeriesInfo {
  service: string;
  namespace: string;
  reporter: typeof TELEMETRY_REPORTER;
  windowSeconds: number;
  stepSeconds: number;
  scrapeIntervalSeconds: number | null;
  /** Evaluation times, seconds since the epoch (uPlot's time unit), oldest first. */
  x: number[];
  /** Per version: percent of the requests at each time; null where nothing reached the service. */
  versions: { version: string; share: (number | null)[] }[];
  query: string;
}

// DNS-1123 labels, as methods.ts names services and namespaces.
const name = string({ pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, hint: 'a DNS-1123 name (lowercase letters, digits and -)' });

export const TELEMETRY_METHOD_PARAMS = {
  /** The split the mesh reports for a service now, over the last `windowSeconds`. */
  'traffic.observe': object({ service: name, namespace: optional(name), windowSeconds: optional(integer({ min: 1, max: MAX_OBSERVE_WINDOW_SECONDS })) }),
  /** The same over the last `rangeSeconds`, one point every `stepSeconds` (the Traffic chart). */
  'traffic.observeSeries': object({
    service: name,
    namespace: optional(name),
    rangeSeconds: optional(integer({ min: 10, max: 6 * 3600 })),
    stepSeconds: optional(integer({ min: 1, max: 600 })),
  }),
} as const;
