// Reads answers of the Prometheus HTTP API (prometheus/web/api/v1/api.go): the envelope
// {status, data, errorType, error, warnings}, results of type vector, matrix, scalar or string,
// and sample values written as strings ("12.5", "NaN", "+Inf", "-Inf"). A refusal or a shape it
// does not know becomes TELEMETRY_UNAVAILABLE with Prometheus's own words; nothing is guessed.
import { parse } from 'yaml';
import { AppError } from '../../contract';

export interface PromPoint {
  /** Seconds since the epoch (Prometheus sends fractional seconds). */
  time: number;
  /** May be NaN or ±Infinity, as Prometheus computed it. */
  value: number;
}

export interface PromSample extends PromPoint {
  metric: Record<string, string>;
}

export interface PromSeries {
  metric: Record<string, string>;
  points: PromPoint[];
}

export type PromResult =
  | { resultType: 'vector'; samples: PromSample[] }
  | { resultType: 'matrix'; series: PromSeries[] }
  | { resultType: 'scalar'; point: PromPoint }
  | { resultType: 'string'; time: number; text: string };

export type PromAnswer = PromResult & { warnings: string[] };

function malformed(what: string): AppError {
  return new AppError('TELEMETRY_UNAVAILABLE', `Prometheus answered something MeshDeck cannot read (${what}). Check that istio-system/prometheus is the Prometheus addon, then try again.`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A sample value as Prometheus writes it (Go's strconv.FormatFloat, plus NaN and ±Inf). */
export function parseSampleValue(text: unknown): number {
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (typeof text !== 'string' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw malformed(`a sample value ${JSON.stringify(text)}`);
  return Number(text);
}

function point(pair: unknown): PromPoint {
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'number') throw malformed('a sample that is not [time, "value"]');
  return { time: pair[0], value: parseSampleValue(pair[1]) };
}

function metric(value: unknown): Record<string, string> {
  if (!isRecord(value)) throw malformed('a series without labels');
  const labels: Record<string, string> = {};
  for (const [key, label] of Object.entries(value)) if (typeof label === 'string') labels[key] = label;
  return labels;
}

/** The error Prometheus gave (`status: "error"`), said with its type, as TELEMETRY_UNAVAILABLE. */
export function prometheusRefusal(body: Record<string, unknown>): AppError {
  const errorType = typeof body.errorType === 'string' ? body.errorType : 'unknown';
  const message = typeof body.error === 'string' ? body.error : 'no reason given';
  const next = errorType === 'timeout' || errorType === 'unavailable' ? 'Wait a moment and try again; a busy or starting Prometheus answers so.' : 'MeshDeck built this query itself, so please report it with the query.';
  return new AppError('TELEMETRY_UNAVAILABLE', `Prometheus refused the query (${errorType}): ${message}. ${next}`, { errorType, prometheusError: message });
}

function envelope(body: unknown): { data: Record<string, unknown>; warnings: string[] } {
  if (!isRecord(body)) throw malformed('not a JSON object');
  if (body.status === 'error') throw prometheusRefusal(body);
  if (body.status !== 'success' || !isRecord(body.data)) throw malformed(`status ${JSON.stringify(body.status)}`);
  const warnings = Array.isArray(body.warnings) ? body.warnings.filter((w): w is string => typeof w === 'string') : [];
  return { data: body.data, warnings };
}

/** The answer of /api/v1/query or /api/v1/query_range. */
export function parsePrometheusAnswer(body: unknown): PromAnswer {
  const { data, warnings } = envelope(body);
  const { resultType, result } = data;
  if (resultType === 'vector' && Array.isArray(result)) {
    return {
      resultType,
      warnings,
      samples: result.map((entry: unknown) => {
        if (!isRecord(entry)) throw malformed('a sample that is not an object');
        return { metric: metric(entry.metric), ...point(entry.value) };
      }),
    };
  }
  if (resultType === 'matrix' && Array.isArray(result)) {
    return {
      resultType,
      warnings,
      series: result.map((entry: unknown) => {
        if (!isRecord(entry) || !Array.isArray(entry.values)) throw malformed('a series without values');
        return { metric: metric(entry.metric), points: entry.values.map(point) };
      }),
    };
  }
  if (resultType === 'scalar') return { resultType, warnings, point: point(result) };
  if (resultType === 'string' && Array.isArray(result) && typeof result[0] === 'number' && typeof result[1] === 'string') return { resultType, warnings, time: result[0], text: result[1] };
  throw malformed(`result type ${JSON.stringify(resultType)}`);
}

const DURATION_UNITS: Record<string, number> = { y: 365 * 86400, w: 7 * 86400, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };

/** A Prometheus duration ("15s", "1m30s", "500ms"; prometheus/common model.ParseDuration) in seconds; null when it is not one. */
export function parsePromDuration(text: string): number | null {
  const part = /(\d+)(ms|y|w|d|h|m|s)/y;
  let total = 0;
  let at = 0;
  while (at < text.length) {
    part.lastIndex = at;
    const found = part.exec(text);
    if (!found) return null;
    total += Number(found[1]) * (DURATION_UNITS[found[2] ?? 's'] ?? 1);
    at = part.lastIndex;
  }
  return text.length > 0 ? total : null;
}

/**
 * The scrape interval of the job that scrapes the sidecars, from /api/v1/status/config (the
 * loaded configuration as YAML): the upstream addon's `kubernetes-pods` job, else the global one.
 */
export function scrapeIntervalOf(body: unknown): number | null {
  const { data } = envelope(body);
  if (typeof data.yaml !== 'string') throw malformed('a configuration without yaml');
  let config: unknown;
  try {
    config = parse(data.yaml);
  } catch {
    return null;
  }
  if (!isRecord(config)) return null;
  const jobs = Array.isArray(config.scrape_configs) ? config.scrape_configs.filter(isRecord) : [];
  const pods = jobs.find((job) => job.job_name === 'kubernetes-pods');
  const text = pods?.scrape_interval ?? (isRecord(config.global) ? config.global.scrape_interval : undefined);
  return typeof text === 'string' ? parsePromDuration(text) : null;
}
