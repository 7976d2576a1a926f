// kind: traffic — N requests through the lab's gateway (optionally signed in as an end user) or
// from the curl pod in a namespace, sent by the traffic generator at the check's rate; every
// answer's status, reviews version, page problem and latency kept, then judged.
import type { WorkshopCheckResultInfo } from '../../contract/workshop';
import { runExec } from '../../kube';
import { classifyReviews, createHttpSender, createPodSender, ensureCurlClient, maxRps, pageProblem, signInToBookinfo, startTrafficGenerator, type SendFunction } from '../../traffic';
import type { CheckOf } from '../pack-types';
import { result, type CheckContext } from './check-context';
import { judgeTraffic, type Outcome } from './traffic-judge';

type TrafficCheck = CheckOf<'traffic'>;

export function describeTraffic(check: TrafficCheck): string {
  const via = check.from === 'gateway' ? 'through the gateway' : `from the curl pod in ${check.clientNamespace ?? 'the lesson namespace'}`;
  return `${check.requests} requests to ${check.url} ${via}${check.endUser ? ` as ${check.endUser}` : ''}`;
}

async function sender(check: TrafficCheck, ctx: CheckContext): Promise<{ url: string; send: SendFunction; close(): void; headers: Record<string, string> }> {
  const headers: Record<string, string> = { ...check.headers };
  if (check.from === 'curl') {
    const namespace = check.clientNamespace ?? ctx.namespace;
    const client = await ensureCurlClient(ctx.clients, namespace, ctx.samplesDir, { signal: ctx.signal });
    const send = createPodSender((command, signal) => runExec(ctx.clients.kubeConfig, { namespace, pod: client.pod, container: client.container, command }, { signal }));
    return { url: check.url, send, close: () => undefined, headers };
  }
  if (check.host) headers['host'] = check.host;
  // productpage takes end-user from its session: sign in first, as traffic.start does.
  if (check.endUser) headers['cookie'] = await signInToBookinfo(ctx.target.bookinfoUrl, check.endUser, ctx.signal);
  const http = createHttpSender({ maxSockets: check.concurrency ?? 16 });
  return { url: new URL(check.url, ctx.target.bookinfoUrl).toString(), send: http.send, close: http.close, headers };
}

export async function runTrafficCheck(check: TrafficCheck, ctx: CheckContext): Promise<WorkshopCheckResultInfo> {
  const via = await sender(check, ctx);
  const outcomes: Outcome[] = [];
  // The generator sends rate × seconds requests: pick both so that they make the check's count.
  const durationSeconds = Math.max(1, Math.ceil(check.requests / Math.min(maxRps, check.rps)));
  const rps = Math.max(1, Math.ceil(check.requests / durationSeconds));
  const record: SendFunction = async (request) => {
    const sentAt = performance.now();
    try {
      const answer = await via.send(request);
      const ok = answer.status >= 200 && answer.status < 300;
      outcomes.push({ status: answer.status, version: ok ? classifyReviews(answer.body) : null, problem: ok ? pageProblem(answer.body) : null, latencyMs: answer.latencyMs ?? performance.now() - sentAt });
      return answer;
    } catch (error) {
      if (!request.signal.aborted) outcomes.push({ status: 0, version: null, problem: null, latencyMs: performance.now() - sentAt });
      throw error;
    }
  };
  try {
    const run = startTrafficGenerator({ url: via.url, rps, durationSeconds, headers: via.headers, send: record, signal: ctx.signal, timeoutMs: 20_000, onWindow: () => undefined, ...(check.concurrency ? { concurrency: check.concurrency } : {}) });
    await run.done;
  } finally {
    via.close();
  }
  const versionsOnly = check.expect.versions ? outcomes.map((o) => ({ ...o, version: o.version === 'unknown' ? null : o.version })) : outcomes;
  const verdict = judgeTraffic(check.expect, versionsOnly);
  return result(check, describeTraffic(check), verdict.passed, verdict.expected, verdict.found);
}
