// The PromQL behind the observed split: Istio's istio_requests_total for one service, counted
// by the answering pods' sidecars, summed by destination_version as a per-second rate over a
// window. Pure text building; label values are quoted by PromQL's own string rules.
import { TELEMETRY_REPORTER } from '../../contract';

export interface SplitQueryInput {
  service: string;
  namespace: string;
  windowSeconds: number;
}

// Escapes as PromQL's lexer reads a double-quoted string (prometheus/promql/parser/lex.go,
// lexString + lexEscape: Go escapes \\ \" \n \r \t \xNN…): a backslash or a quote in a label value
// must not end the string or start another matcher.
const NAMED_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `value` as a PromQL double-quoted string literal. */
export function promqlString(value: string): string {
  const escaped = value.replace(/[\\"\u0000-\u001f\u007f]/g, (char) => NAMED_ESCAPES[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `"${escaped}"`;
}

/** A range or step in whole seconds, as Prometheus durations are written ("90s"). */
export function promqlDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 1) throw new RangeError(`a PromQL duration needs a whole number of seconds ≥ 1, got ${seconds}`);
  return `${seconds}s`;
}

/** The selector of every request the service's own sidecars answered. */
export function requestsSelector(service: string, namespace: string): string {
  return `istio_requests_total{reporter=${promqlString(TELEMETRY_REPORTER)},destination_service_name=${promqlString(service)},destination_service_namespace=${promqlString(namespace)}}`;
}

/**
 * Requests per second to each version of the service over the window. `rate` (not `irate`):
 * it uses every sample in the window, so a window of several scrapes smooths the counts and
 * handles counter resets (a restarted sidecar starts again from 0).
 */
export function splitQuery(input: SplitQueryInput): string {
  return `sum by (destination_version) (rate(${requestsSelector(input.service, input.namespace)}[${promqlDuration(input.windowSeconds)}]))`;
}

/**
 * The rate window for a chart with one point every `stepSeconds`: Grafana's $__rate_interval,
 * max(step + scrape interval, 4 × scrape interval), so that every window holds at least two
 * samples (rate needs two) and consecutive windows leave no sample out. Without a known scrape
 * interval, the upstream addon's 15 s is assumed.
 */
export function chartRateWindow(stepSeconds: number, scrapeIntervalSeconds: number | null): number {
  const scrape = scrapeIntervalSeconds ?? 15;
  return Math.ceil(Math.max(stepSeconds + scrape, 4 * scrape));
}
