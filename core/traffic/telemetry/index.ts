// core/traffic/telemetry: the split the mesh itself reports (Istio's istio_requests_total in the
// lab's Prometheus, read through the API server's service proxy), for any service with versions.
export { ObservedSplits, DEFAULT_SERIES_RANGE_SECONDS, type ObservedSplitsOptions, type ObserveRequest, type ObserveSeriesRequest } from './observed-splits';
export { describeNoTraffic, describeWindow, splitFromMatrix, splitFromVector, UNKNOWN_VERSION } from './observed-split';
export { parsePrometheusAnswer, parsePromDuration, parseSampleValue, scrapeIntervalOf, type PromAnswer } from './prometheus-answer';
export { prometheusGet, proxyFailure, serviceProxyPath, type PrometheusLocation } from './prometheus-proxy';
export { chartRateWindow, promqlDuration, promqlString, requestsSelector, splitQuery } from './split-query';
