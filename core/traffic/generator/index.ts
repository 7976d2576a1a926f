// The traffic generator's public face: runs managed by id (what the core wires to traffic.start,
// traffic.stop and traffic.runs), the generator itself for the CLI and benchmarks, and the page
// classifier.
export { classifyReviews, pageProblem, type PageProblem, type ReviewsVersion } from './classify';
export { defaultConcurrency, maxConcurrency, maxDurationSeconds, maxRps, startTrafficGenerator, type TrafficGenerator, type TrafficGeneratorOptions } from './generator';
export { createHttpSender, SendFailure, type HttpSender, type HttpSenderOptions, type SendAnswer, type SendFailureCode, type SendFunction, type SendRequest } from './http-send';
export { LatencyHistogram } from './latency';
export { createPodSender, curlCommand, parseCurlOutput, type PodExec } from './pod-send';
export { defaultDurationSeconds, defaultRps, TrafficRuns, type TrafficEventName, type TrafficRunRequest, type TrafficRunsOptions } from './runs';
export { TrafficWindows, type RequestOutcome } from './windows';
