// Carries out one routing decision the way Envoy's fault filter and router do: injected delay
// and abort, the "no cluster" and "no healthy upstream" local replies, endpoint choice per try
// (avoiding hosts already tried), per-try and overall timeouts, retries with a short backoff,
// and request/response header operations. Sending bytes and writing logs belong to the caller.
import type { ConnectionPool } from './connection-pool.js';
import type { Endpoint } from './endpoints.js';
import type { OutlierDetector } from './outlier-detection.js';
import { applyHeaderOps, foldHeaders } from './header-ops.js';
import { shouldRetry, type RetryPolicy, type TryOutcome } from './retry-policy.js';
import type { RouteDecision } from './route-table.js';
import { ConnectionError, type WorkloadRequest, type WorkloadResponse } from './workload.js';
import type { RandomSource } from './weighted-pick.js';

export type Upstream = (endpoint: Endpoint, req: WorkloadRequest, signal: AbortSignal) => Promise<WorkloadResponse>;

export interface ProxyDeps {
  random: RandomSource;
  upstream: Upstream;
  /** Envoy's base retry backoff is 25 ms. */
  retryBackoffMs?: number;
  /** The cluster's circuit breaker in this proxy (DestinationRule connectionPool). */
  pool?: ConnectionPool;
  /** The cluster's outlier detection in this proxy (DestinationRule outlierDetection). */
  outlier?: OutlierDetector;
}

export interface ProxyOutcome {
  response: WorkloadResponse;
  /** Envoy response flags, e.g. ['UH'] or ['DI', 'FI']; empty means `-`. */
  flags: string[];
  details: string;
  endpoint?: Endpoint;
  clusterName?: string;
  routeName?: string;
  tries: number;
  /** Time spent waiting for the upstream that answered (x-envoy-upstream-service-time). */
  upstreamServiceTimeMs?: number;
}

export type ProxiedRequest = WorkloadRequest & { authority: string };

function localReply(status: number, body: string): WorkloadResponse {
  return { status, headers: body === '' ? {} : { 'content-type': 'text/plain' }, body };
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts (the caller went away). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function pickEndpoint(endpoints: Endpoint[], tried: ReadonlySet<Endpoint>, random: RandomSource): Endpoint | undefined {
  // Istio's default retry host predicate (previous_hosts): prefer endpoints not tried yet.
  const fresh = endpoints.filter((e) => !tried.has(e));
  const pool = fresh.length > 0 ? fresh : endpoints;
  return pool[Math.min(pool.length - 1, Math.floor(random() * pool.length))];
}

function rewritePath(path: string, rewrite: string, matchedPrefix: string | undefined): string {
  if (matchedPrefix !== undefined && path.startsWith(matchedPrefix)) return rewrite + path.slice(matchedPrefix.length);
  const q = path.indexOf('?');
  return rewrite + (q >= 0 ? path.slice(q) : '');
}

type TryResult = TryOutcome | { kind: 'global-timeout' } | { kind: 'answered'; response: WorkloadResponse };

async function oneTry(upstream: Upstream, endpoint: Endpoint, req: WorkloadRequest, perTryMs: number | undefined, deadline: number | undefined, signal: AbortSignal): Promise<TryResult> {
  const controller = new AbortController();
  const forward = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  const timers: NodeJS.Timeout[] = [];
  const timeout = new Promise<TryResult>((resolve) => {
    if (perTryMs !== undefined && perTryMs > 0) timers.push(setTimeout(() => resolve({ kind: 'per-try-timeout' }), perTryMs));
    if (deadline !== undefined) timers.push(setTimeout(() => resolve({ kind: 'global-timeout' }), Math.max(0, deadline - Date.now())));
  });
  const answer = upstream(endpoint, req, controller.signal).then(
    (response): TryResult => ({ kind: 'answered', response }),
    // Anything else, a STRICT listener's reset included (ConnectionResetError), is Envoy's "connection termination".
    (error: unknown): TryResult => (error instanceof ConnectionError ? { kind: 'connect-failure' } : { kind: 'reset' }),
  );
  try {
    const result = await Promise.race([answer, timeout]);
    // Envoy resets the upstream stream on timeout; the workload sees its signal abort.
    if (result.kind !== 'answered') controller.abort(new Error('upstream stream reset by proxy'));
    return result;
  } finally {
    for (const t of timers) clearTimeout(t);
    signal.removeEventListener('abort', forward);
  }
}

interface TryAnswer {
  response: WorkloadResponse;
  details: string;
  flag?: string;
  serviceTime: number;
}

type Attempt = { kind: 'overflow' } | { kind: 'global-timeout' } | { kind: 'done'; outcome: TryOutcome; last: TryAnswer };

/** One try at `endpoint` under the cluster's circuit breaker, reported to its outlier detection. */
async function tryOnce(deps: ProxyDeps, endpoints: readonly Endpoint[], endpoint: Endpoint, req: WorkloadRequest, policy: RetryPolicy, deadline: number | undefined, signal: AbortSignal): Promise<Attempt> {
  const lease = deps.pool ? await deps.pool.acquire(signal) : undefined;
  if (lease === 'overflow') return { kind: 'overflow' };
  const started = Date.now();
  let result: TryResult;
  try {
    result = await oneTry(deps.upstream, endpoint, req, policy.perTryTimeoutMs, deadline, signal);
  } finally {
    lease?.release();
  }
  const serviceTime = Date.now() - started;
  deps.outlier?.report(endpoint, result.kind === 'answered' ? { status: result.response.status } : 'local-failure', endpoints);
  if (result.kind === 'global-timeout') return result;
  if (result.kind === 'answered') return { kind: 'done', outcome: { kind: 'response', status: result.response.status }, last: { response: result.response, details: 'via_upstream', serviceTime } };
  if (result.kind === 'per-try-timeout') return { kind: 'done', outcome: result, last: { response: localReply(504, 'upstream request timeout'), details: 'upstream_per_try_timeout', flag: 'UT', serviceTime } };
  const last = { response: localReply(503, 'upstream connect error or disconnect/reset before headers. reset reason: connection termination'), details: 'upstream_reset_before_response_started{connection_termination}', flag: result.kind === 'connect-failure' ? 'UF' : 'UC', serviceTime };
  return { kind: 'done', outcome: result, last };
}

export async function runRoute(decision: Exclude<RouteDecision, { kind: 'unresolvable' }>, req: ProxiedRequest, deps: ProxyDeps, signal: AbortSignal): Promise<ProxyOutcome> {
  if (decision.kind === 'no-route') return { response: localReply(404, ''), flags: ['NR'], details: 'route_not_found', tries: 0 };
  if (decision.kind === 'direct') {
    return { response: { status: decision.status, headers: decision.headers, body: decision.body }, flags: [], details: 'direct_response', tries: 0 };
  }
  const flags: string[] = [];
  const finish = (outcome: Omit<ProxyOutcome, 'flags' | 'routeName'>): ProxyOutcome => ({
    ...outcome,
    response: { ...outcome.response, headers: applyHeaderOps(outcome.response.headers, decision.responseHeaderOps) },
    flags,
    routeName: decision.routeName,
  });
  const clusterName = decision.cluster.ok ? decision.cluster.cluster.name : undefined;
  if (decision.fault.delayMs !== undefined) {
    flags.push('DI');
    await sleep(decision.fault.delayMs, signal);
  }
  if (decision.fault.abortStatus !== undefined) {
    flags.push('FI');
    return finish({ response: localReply(decision.fault.abortStatus, 'fault filter abort'), details: 'fault_filter_abort', clusterName, tries: 0 });
  }
  if (!decision.cluster.ok) {
    flags.push('NC');
    return finish({ response: localReply(503, ''), details: 'cluster_not_found', tries: 0 });
  }
  const cluster = decision.cluster.cluster;
  if (cluster.endpoints.length === 0) {
    flags.push('UH');
    return finish({ response: localReply(503, 'no healthy upstream'), details: 'no_healthy_upstream', clusterName, tries: 0 });
  }

  let headers = foldHeaders(applyHeaderOps(req.headers, decision.requestHeaderOps));
  let path = req.path;
  if (decision.rewrite?.uri !== undefined) {
    headers = { ...headers, 'x-envoy-original-path': req.path };
    path = rewritePath(req.path, decision.rewrite.uri, decision.matchedPrefix);
  }
  if (decision.rewrite?.authority !== undefined) headers = { ...headers, host: decision.rewrite.authority };

  const deadline = decision.timeoutMs !== undefined ? Date.now() + decision.timeoutMs : undefined;
  const tried = new Set<Endpoint>();
  const policy = decision.retry;
  for (let attempt = 1; attempt <= policy.retries + 1; attempt++) {
    // Outlier detection takes ejected hosts out of the load balancer's choice.
    const healthy = deps.outlier ? deps.outlier.healthy(cluster.endpoints) : cluster.endpoints;
    if (healthy.length === 0) {
      flags.push('UH');
      return finish({ response: localReply(503, 'no healthy upstream'), details: 'no_healthy_upstream', clusterName, tries: attempt - 1 });
    }
    const endpoint = pickEndpoint(healthy, tried, deps.random) as Endpoint;
    tried.add(endpoint);
    const tryHeaders = attempt > 1 ? { ...headers, 'x-envoy-attempt-count': String(attempt) } : headers;
    const done = await tryOnce(deps, cluster.endpoints, endpoint, { method: req.method, path, headers: tryHeaders, body: req.body }, policy, deadline, signal);
    if (done.kind === 'overflow') {
      // The circuit breaker's local reply; Envoy does not retry an overflow.
      flags.push('UO');
      return finish({ response: { status: 503, headers: { 'content-type': 'text/plain', 'x-envoy-overloaded': 'true' }, body: 'upstream connect error or disconnect/reset before headers. reset reason: overflow' }, details: 'upstream_reset_before_response_started{overflow}', clusterName, tries: attempt });
    }
    if (done.kind === 'global-timeout') {
      flags.push('UT');
      return finish({ response: localReply(504, 'upstream request timeout'), details: 'response_timeout', endpoint, clusterName, tries: attempt });
    }
    const last = done.last;
    const retryable = shouldRetry(policy, done.outcome);
    if (!retryable || attempt > policy.retries) {
      if (last.flag) flags.push(last.flag);
      if (retryable && policy.retries > 0) flags.push('URX');
      return finish({ response: last.response, details: last.details, endpoint, clusterName, tries: attempt, upstreamServiceTimeMs: last.serviceTime });
    }
    await sleep(deps.retryBackoffMs ?? 25, signal);
  }
  // Unreachable: the loop returns on its last attempt.
  throw new Error('retry loop ended without an answer');
}
