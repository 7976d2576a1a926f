// Answers recorded from a real Prometheus 2.42 (Debian's /usr/bin/prometheus scraping a static
// istio_requests_total target); real-prometheus.world.test.ts checks the same against a live one.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract';
import { parsePrometheusAnswer, parsePromDuration, parseSampleValue, scrapeIntervalOf } from './prometheus-answer';

const VECTOR = {
  status: 'success',
  data: { resultType: 'vector', result: [{ metric: { destination_version: 'v1' }, value: [1796218058.909, '80'] }, { metric: { destination_version: 'v2' }, value: [1796218058.909, '20'] }] },
};
const MATRIX = {
  status: 'success',
  data: {
    resultType: 'matrix',
    result: [
      { metric: { destination_version: 'v1' }, values: [[1796218052, '80'], [1796218054, '80']] },
      { metric: { destination_version: 'v2' }, values: [[1796218052, '20'], [1796218054, '20']] },
    ],
  },
};
const BAD_DATA = { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:118: parse error: unclosed left parenthesis' };
const EXECUTION = { status: 'error', errorType: 'execution', error: 'found duplicate series for the match group {reporter="destination"} on the right hand-side of the operation: [...];many-to-many matching not allowed: matching labels must be unique on one side' };
const CONFIG = { status: 'success', data: { yaml: 'global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1m\nscrape_configs:\n- job_name: mesh\n  honor_timestamps: true\n  scrape_interval: 1s\n  metrics_path: /\n' } };

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('parsePrometheusAnswer', () => {
  it('reads an instant vector with its labels, times and string values', () => {
    const answer = parsePrometheusAnswer(VECTOR);
    expect(answer).toEqual({
      resultType: 'vector',
      warnings: [],
      samples: [
        { metric: { destination_version: 'v1' }, time: 1796218058.909, value: 80 },
        { metric: { destination_version: 'v2' }, time: 1796218058.909, value: 20 },
      ],
    });
  });

  it('reads a range matrix point by point', () => {
    const answer = parsePrometheusAnswer(MATRIX);
    expect(answer.resultType).toBe('matrix');
    if (answer.resultType !== 'matrix') return;
    expect(answer.series.map((s) => s.metric.destination_version)).toEqual(['v1', 'v2']);
    expect(answer.series[1]?.points).toEqual([{ time: 1796218052, value: 20 }, { time: 1796218054, value: 20 }]);
  });

  it('reads scalars including NaN and +Inf, strings, an empty vector and warnings', () => {
    expect(parsePrometheusAnswer({ status: 'success', data: { resultType: 'scalar', result: [1796218053.304, 'NaN'] } })).toMatchObject({ resultType: 'scalar', point: { value: Number.NaN } });
    expect(parsePrometheusAnswer({ status: 'success', data: { resultType: 'scalar', result: [1796218053.315, '+Inf'] } })).toMatchObject({ point: { value: Number.POSITIVE_INFINITY } });
    expect(parsePrometheusAnswer({ status: 'success', data: { resultType: 'string', result: [1796218053.336, 'x'] } })).toEqual({ resultType: 'string', warnings: [], time: 1796218053.336, text: 'x' });
    expect(parsePrometheusAnswer({ status: 'success', data: { resultType: 'vector', result: [] }, warnings: ['remote read failed'] })).toEqual({ resultType: 'vector', samples: [], warnings: ['remote read failed'] });
  });

  it("turns Prometheus's refusals into TELEMETRY_UNAVAILABLE in its own words", () => {
    const bad = refusal(() => parsePrometheusAnswer(BAD_DATA));
    expect(bad.code).toBe('TELEMETRY_UNAVAILABLE');
    expect(bad.message).toContain('(bad_data): invalid parameter "query": 1:118: parse error: unclosed left parenthesis');
    expect(bad.details).toMatchObject({ errorType: 'bad_data' });
    expect(refusal(() => parsePrometheusAnswer(EXECUTION)).message).toContain('many-to-many matching not allowed');
    expect(refusal(() => parsePrometheusAnswer({ status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' })).message).toMatch(/Wait a moment and try again/);
  });

  it('refuses shapes it does not know instead of guessing', () => {
    for (const body of [undefined, 'Service Unavailable', { status: 'success' }, { status: 'success', data: { resultType: 'streams', result: [] } }, { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, 'eighty'] }] } }]) {
      expect(refusal(() => parsePrometheusAnswer(body)).code).toBe('TELEMETRY_UNAVAILABLE');
    }
  });
});

describe('sample values and durations', () => {
  it('reads every float Prometheus writes', () => {
    expect(parseSampleValue('24.002573450568303')).toBeCloseTo(24.0026, 4);
    expect(parseSampleValue('1e-05')).toBe(0.00001);
    expect(parseSampleValue('-Inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseSampleValue('0')).toBe(0);
  });

  it('reads Prometheus durations', () => {
    expect(parsePromDuration('15s')).toBe(15);
    expect(parsePromDuration('1m30s')).toBe(90);
    expect(parsePromDuration('500ms')).toBe(0.5);
    expect(parsePromDuration('1h')).toBe(3600);
    expect(parsePromDuration('')).toBeNull();
    expect(parsePromDuration('1.5s')).toBeNull();
  });

  it("takes the scrape interval from the loaded configuration, preferring the sidecars' job", () => {
    expect(scrapeIntervalOf(CONFIG)).toBe(1);
    const istio = { status: 'success', data: { yaml: 'global:\n  scrape_interval: 15s\nscrape_configs:\n- job_name: kubernetes-pods\n  scrape_interval: 5s\n' } };
    expect(scrapeIntervalOf(istio)).toBe(5);
    expect(scrapeIntervalOf({ status: 'success', data: { yaml: 'scrape_configs: []\n' } })).toBeNull();
  });
});
