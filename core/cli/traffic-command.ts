// `meshdeck traffic`: the traffic generator from a terminal (traffic.start / stop with
// traffic:window and traffic:run events). It asks for the lab first, so with no lab it says so
// instead of sending requests to a gateway that is not there; Ctrl+C stops the run (exit 130)
// and the summary tells the time it really ran. With --observe it sends nothing and prints the
// split the mesh reports for a service instead (traffic-observe.ts).
import { AppError, type Client, type GeneratorRunInfo, type TrafficCountsInfo, type TrafficWindowInfo } from '../contract';
import type { CliContext, Command } from './cli-context';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, unlessInterrupted } from './exit-codes';
import { checkParams, fieldsAsFlags } from './flag-names';
import { writeJson } from './json-output';
import { help } from './lab-commands';
import { optionalIntegerFlag } from './numbers';
import { parseFlags } from './parse-flags';
import { observeCommand, observeRequest } from './traffic-observe';

export interface TrafficFlags {
  rps?: string;
  duration?: string;
  user?: string;
  json?: boolean;
  context?: string;
  observe?: string;
  namespace?: string;
  window?: string;
  from?: string;
  url?: string;
}

function share(counts: TrafficCountsInfo, version: string): string {
  const answered = Object.values(counts.byVersion).reduce((a, b) => a + b, 0);
  return answered === 0 ? '—' : `${(((counts.byVersion[version] ?? 0) / answered) * 100).toFixed(1)}%`;
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;

export function formatTrafficSummary(totals: TrafficCountsInfo, seconds: number): string {
  const versions = Object.keys(totals.byVersion).filter((v) => (totals.byVersion[v] ?? 0) > 0).sort();
  const rows = versions.map((v) => `  ${v.padEnd(8)} ${String(totals.byVersion[v] ?? 0).padStart(7)}  ${share(totals, v).padStart(6)}`);
  const errors = Object.entries(totals.errorCodes).map(([code, n]) => `${code} ×${n}`).join(', ');
  return [
    `${totals.requests} requests in ${seconds} s — observed reviews split:`,
    ...rows,
    `errors: ${totals.errors}${errors ? ` (${errors})` : ''}`,
    `latency: p50 ${ms(totals.latencyMs.p50)} · p90 ${ms(totals.latencyMs.p90)} · p99 ${ms(totals.latencyMs.p99)}`,
  ].join('\n');
}

/** A run's windows go to `onWindow` until its end; subscribed before `start`, so nothing is missed. */
async function followRun(client: Client, start: () => Promise<GeneratorRunInfo>, onWindow: (window: TrafficWindowInfo) => void, interrupt: AbortSignal): Promise<{ started: GeneratorRunInfo; ended: Promise<GeneratorRunInfo> }> {
  let runId: string | undefined;
  const early: GeneratorRunInfo[] = [];
  let settle: (run: GeneratorRunInfo) => void = () => undefined;
  const ended = new Promise<GeneratorRunInfo>((resolve) => (settle = resolve));
  const handleRun = (run: GeneratorRunInfo): void => {
    if (run.runId === runId && run.state !== 'running') settle(run);
  };
  const offWindow = client.on('traffic:window', (window) => {
    if (window.runId === runId) onWindow(window);
  });
  const offRun = client.on('traffic:run', (run) => (runId === undefined ? early.push(run) : handleRun(run)));
  const stop = (): void => void client.call('traffic.stop', { runId: runId as string }).catch(() => undefined);
  try {
    const started = await start();
    runId = started.runId;
    for (const run of early.splice(0)) handleRun(run);
    if (interrupt.aborted) stop();
    interrupt.addEventListener('abort', stop, { once: true });
    return {
      started,
      ended: ended.finally(() => {
        interrupt.removeEventListener('abort', stop);
        offWindow();
        offRun();
      }),
    };
  } catch (error) {
    offWindow();
    offRun();
    throw error;
  }
}

/** Refuses to send traffic to a lab that does not answer, saying how to get one. */
async function requireLab(client: Client, context: string | undefined, cli: CliContext, consequence = 'so there is no gateway to send traffic to'): Promise<void> {
  const status = await unlessInterrupted(client.call('lab.status', context !== undefined ? { context } : {}), cli.signal);
  if (status.exists) return;
  const where = status.provider === 'kind' ? `kind cluster ${status.name} (context ${status.context})` : `context ${status.context}`;
  const why = status.problem ? ` ${status.problem.message}` : '';
  throw new AppError('CLUSTER_NOT_FOUND', `No lab answers at ${where}, ${consequence}.${why} Create the lab with \`meshdeck up\`, or name one with --context NAME (see \`meshdeck labs\`).`, { context: status.context });
}

/** `meshdeck traffic`: sends requests to Bookinfo through the gateway and prints the split they took. */
export async function trafficCommand(flags: TrafficFlags, client: Client, cli: CliContext): Promise<number> {
  const rps = optionalIntegerFlag('--rps', flags.rps, { min: 1, max: 200 }) ?? 5;
  const durationSeconds = optionalIntegerFlag('--duration', flags.duration, { min: 1, max: 3600, note: 'seconds' }) ?? 10;
  const fromCurl = flags.from === 'curl';
  const request = {
    rps,
    durationSeconds,
    ...(flags.user !== undefined ? { endUser: flags.user } : {}),
    ...(fromCurl ? { from: 'curl' as const, ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}), ...(flags.url !== undefined ? { url: flags.url } : {}) } : {}),
  };
  checkParams('traffic.start', request);
  await requireLab(client, flags.context, cli);
  const live = !flags.json && cli.err.isTTY === true;
  const showWindow = (window: TrafficWindowInfo): void => {
    if (!live) return;
    const t = window.totals;
    cli.err.write(`\r${t.requests} requests · ${Object.keys(t.byVersion).filter((v) => (t.byVersion[v] ?? 0) > 0).sort().map((v) => `${v} ${share(t, v)}`).join(' · ')} · errors ${t.errors} · p99 ${ms(t.latencyMs.p99)}   `);
  };
  const { started, ended } = await followRun(client, () => client.call('traffic.start', request), showWindow, cli.signal);
  const startedAt = Date.now();
  const origin = started.client ? ` from pod ${started.client.namespace}/${started.client.pod} (${started.client.injected ? 'in the mesh, through its sidecar' : 'no sidecar: plaintext from outside the mesh'})` : '';
  cli.err.write(`Sending ${rps} requests/s to ${started.url}${origin} for ${durationSeconds} s (they also fill Kiali's graph). Ctrl+C stops.\n`);
  const run = await ended;
  const elapsedSeconds = Math.round((Date.now() - startedAt) / 100) / 10;
  if (run.state === 'failed') throw new AppError('COMMAND_FAILED', `The traffic run failed: ${fieldsAsFlags(run.error ?? 'no reason given')}.`);
  const totals = run.totals;
  if (live) cli.err.write('\n');
  if (flags.json) writeJson(cli.out, { url: started.url, from: started.from ?? 'gateway', ...(started.client ? { client: started.client } : {}), rps, durationSeconds, elapsedSeconds, state: run.state, totals });
  else cli.out.write(`${formatTrafficSummary(totals, run.state === 'finished' ? durationSeconds : elapsedSeconds)}\n`);
  if (started.client?.managed) cli.err.write(`The curl client stays in namespace ${started.client.namespace} for the next run (kubectl exec deploy/curl -n ${started.client.namespace} -- curl …); \`meshdeck reset\` removes it.\n`);
  if (run.state === 'stopped' && cli.signal.aborted) return EXIT_INTERRUPTED;
  return totals.requests > 0 && totals.errors === totals.requests ? EXIT_FAILURE : EXIT_OK;
}

const TRAFFIC_USAGE = `Usage: meshdeck traffic [--rps N] [--duration S] [--user NAME] [--context NAME] [--json]
       meshdeck traffic --from curl [-n NAMESPACE] [--url URL] [--rps N] [--duration S] [--json]
       meshdeck traffic --observe SERVICE [-n NAMESPACE] [--window DURATION] [--context NAME] [--json]

Sends requests to Bookinfo's /productpage through the lab's ingress gateway and prints which
reviews version answered (v1 no stars, v2 black, v3 red), errors and latency. The requests
also fill Kiali's graph. Stops after --duration or on Ctrl+C (exit 130, with what it saw so
far). Exits 1 when there is no lab or every request failed.

With --from curl the requests come from inside the cluster: MeshDeck deploys the Istio
release's samples/curl/curl.yaml in NAMESPACE (default bookinfo's; a namespace that does not
exist is created without sidecar injection, so its client is outside the mesh) and runs curl
in that pod for each request through the API server's exec, as \`kubectl exec deploy/curl --
curl …\` does. Answers are counted by HTTP status; a failed transfer by curl's exit code
(curl-56: connection reset, what mTLS STRICT does to a plaintext client; curl-28: timeout).

With --observe it sends nothing: it prints the split the mesh itself reports for SERVICE (any
service with versions, from anyone's traffic), from Istio's istio_requests_total in the lab's
Prometheus addon, asked through the Kubernetes API server (reporter=destination: counted by the
sidecars of the pods that answered). Exits 1 when Prometheus cannot be read (no addon, not ready).

Options:
  --rps N          requests per second, 1 to 200 (default 5)
  --duration S     seconds to run, 1 to 3600 (default 10)
  --user NAME      sign in to Bookinfo as NAME first (e.g. jason, for the header rule)
  --context NAME   the lab's context (default: the current lab, see \`meshdeck labs\`)
  --from curl      send from the curl client pod instead of the host (see above)
  -n, --namespace NS  with --from curl: the curl pod's namespace
  --url URL        with --from curl: what curl asks (default http://productpage:9080/productpage)
  --json           print the totals as JSON: {"url", "from", "client"?, "rps", "durationSeconds",
                   "elapsedSeconds", "state" (finished|stopped), "totals": {"requests",
                   "byVersion", "errors", "errorCodes", "latencyMs"}}

Observing:
  --observe SERVICE   the service whose split to read, e.g. reviews or ratings
  -n, --namespace NS  its namespace (default bookinfo)
  --window DURATION   the rate window, e.g. 30s, 5m, 1h (default 60s: four of the addon's
                      15 s scrapes; a rate needs at least two samples)
  --json              print {"service", "namespace", "reporter", "windowSeconds",
                      "scrapeIntervalSeconds", "at", "totalRps", "versions": [{"version",
                      "share" (percent), "rps"}], "query"}; "versions" is [] when no
                      request reached the service in the window`;

/** `--observe`: flags checked before a core is built; the lab is asked for first, as for sending. */
function runObserve(values: TrafficFlags & { observe: string }, cli: CliContext): Promise<number> {
  const sending = (['rps', 'duration', 'user'] as const).find((flag) => values[flag] !== undefined);
  if (sending) throw new AppError('INVALID_ARGUMENT', `--${sending} is for sending requests; --observe only reads what the mesh reports. Use one or the other. Run meshdeck traffic --help to see its options.`);
  observeRequest(values);
  const { context } = values;
  return cli.session(context !== undefined ? { context } : {}, async (client) => {
    await requireLab(client, context, cli, 'so there is no mesh to observe');
    return observeCommand(values, client, cli);
  });
}

export const trafficCommandLine: Command = {
  usage: TRAFFIC_USAGE,
  async run(args, cli) {
    const { values } = parseFlags(
      args,
      { rps: { type: 'string' }, duration: { type: 'string' }, user: { type: 'string' }, json: { type: 'boolean' }, context: { type: 'string' }, observe: { type: 'string' }, namespace: { type: 'string', short: 'n' }, window: { type: 'string' }, from: { type: 'string' }, url: { type: 'string' } },
      'traffic',
    );
    if (values.help) return help(cli, TRAFFIC_USAGE);
    if (values.observe !== undefined) {
      if (values.from !== undefined || values.url !== undefined) throw new AppError('INVALID_ARGUMENT', `${values.from !== undefined ? '--from' : '--url'} is for sending requests; --observe only reads what the mesh reports. Use one or the other. Run meshdeck traffic --help to see its options.`);
      return runObserve({ ...values, observe: values.observe }, cli);
    }
    if (values.from !== undefined && values.from !== 'curl' && values.from !== 'gateway') throw new AppError('INVALID_ARGUMENT', `--from takes curl (the curl client pod) or gateway (the default), not "${values.from}". Run meshdeck traffic --help to see its options.`);
    if (values.window !== undefined) throw new AppError('INVALID_ARGUMENT', '--window goes with --observe SERVICE. Run meshdeck traffic --help to see its options.');
    if (values.from !== 'curl' && (values.namespace !== undefined || values.url !== undefined)) throw new AppError('INVALID_ARGUMENT', values.namespace !== undefined ? '--namespace goes with --observe SERVICE or --from curl. Run meshdeck traffic --help to see its options.' : '--url goes with --from curl. Run meshdeck traffic --help to see its options.');
    // Numbers are checked before a core is built for them.
    optionalIntegerFlag('--rps', values.rps, { min: 1, max: 200 });
    optionalIntegerFlag('--duration', values.duration, { min: 1, max: 3600, note: 'seconds' });
    const { context } = values;
    return cli.session(context !== undefined ? { context } : {}, (client) => trafficCommand(values, client, cli));
  },
};
