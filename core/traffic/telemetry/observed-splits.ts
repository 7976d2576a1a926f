// The observed-split service behind traffic.observe and traffic.observeSeries: builds the query,
// asks the lab's Prometheus through the service proxy, and shapes the answer. It reads
// Prometheus's scrape interval once per set of clients, so rate windows always span samples.
import { DEFAULT_OBSERVE_WINDOW_SECONDS, TELEMETRY_REPORTER, type ObservedSeriesInfo, type ObservedSplitInfo } from '../../contract';
import type { KubeClients } from '../../kube';
import { splitFromMatrix, splitFromVector } from './observed-split';
import { parsePrometheusAnswer, scrapeIntervalOf } from './prometheus-answer';
import { prometheusGet } from './prometheus-proxy';
import { chartRateWindow, splitQuery } from './split-query';

export interface ObservedSplitsOptions {
  clients: () => Promise<KubeClients>;
  defaultNamespace: string;
  /** Seconds since the epoch; a parameter so tests can pin "now". */
  now?: () => number;
}

export interface ObserveRequest {
  service: string;
  namespace?: string;
  windowSeconds?: number;
  signal?: AbortSignal;
}

export interface ObserveSeriesRequest {
  service: string;
  namespace?: string;
  rangeSeconds?: number;
  stepSeconds?: number;
  signal?: AbortSignal;
}

export const DEFAULT_SERIES_RANGE_SECONDS = 120;

export class ObservedSplits {
  private readonly intervals = new WeakMap<KubeClients, Promise<number | null>>();

  constructor(private readonly options: ObservedSplitsOptions) {}

  /** The split over the last window, now. */
  async observe(request: ObserveRequest): Promise<ObservedSplitInfo> {
    const clients = await this.options.clients();
    const namespace = request.namespace ?? this.options.defaultNamespace;
    const windowSeconds = request.windowSeconds ?? DEFAULT_OBSERVE_WINDOW_SECONDS;
    const query = splitQuery({ service: request.service, namespace, windowSeconds });
    const signal = request.signal ? { signal: request.signal } : {};
    const [body, scrapeIntervalSeconds] = await Promise.all([prometheusGet(clients, '/api/v1/query', { query }, signal), this.scrapeInterval(clients)]);
    const split = splitFromVector(parsePrometheusAnswer(body));
    const at = new Date((split.time ?? this.now()) * 1000).toISOString();
    return { service: request.service, namespace, reporter: TELEMETRY_REPORTER, windowSeconds, scrapeIntervalSeconds, at, totalRps: split.totalRps, versions: split.versions, query };
  }

  /** The split at every step over the last range, for a chart. */
  async series(request: ObserveSeriesRequest): Promise<ObservedSeriesInfo> {
    const clients = await this.options.clients();
    const namespace = request.namespace ?? this.options.defaultNamespace;
    const scrapeIntervalSeconds = await this.scrapeInterval(clients);
    // A point per scrape (at most one per 15 s): finer steps would repeat the same samples.
    const stepSeconds = request.stepSeconds ?? Math.min(15, Math.max(1, Math.round(scrapeIntervalSeconds ?? 5)));
    const windowSeconds = chartRateWindow(stepSeconds, scrapeIntervalSeconds);
    const query = splitQuery({ service: request.service, namespace, windowSeconds });
    // Aligned to the step, so consecutive reads evaluate the same instants and the line holds still.
    const end = Math.floor(this.now() / stepSeconds) * stepSeconds;
    const start = end - (request.rangeSeconds ?? DEFAULT_SERIES_RANGE_SECONDS);
    const params = { query, start: String(start), end: String(end), step: String(stepSeconds) };
    const body = await prometheusGet(clients, '/api/v1/query_range', params, request.signal ? { signal: request.signal } : {});
    const split = splitFromMatrix(parsePrometheusAnswer(body));
    return { service: request.service, namespace, reporter: TELEMETRY_REPORTER, windowSeconds, stepSeconds, scrapeIntervalSeconds, x: split.x, versions: split.versions, query };
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now() / 1000;
  }

  /** Prometheus's scrape interval for these clients; null when its configuration does not say. */
  private scrapeInterval(clients: KubeClients): Promise<number | null> {
    let known = this.intervals.get(clients);
    if (!known) {
      known = prometheusGet(clients, '/api/v1/status/config', {}).then(scrapeIntervalOf);
      // A failure is not remembered: the next call asks again (Prometheus may have been starting).
      known.catch(() => this.intervals.delete(clients));
      this.intervals.set(clients, known);
    }
    return known;
  }
}
