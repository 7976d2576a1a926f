// Figure 1, orchestration overhead:  npm run bench:up [-- --scale 0.5 --rounds 1]
// The test world with the issue's delays (cluster 30 s, istiod 20 s, gateways 10 s, each Bookinfo
// pod 5–15 s, addons 10–20 s), all scaled by --scale, given to the kind stand-in through
// MESHDECK_WORLD_DELAYS. Timed, same run, alternating order per round, each from nothing (fresh
// MESHDECK_HOME, tools downloaded from the release mirror): the built `meshdeck up`, and
// bench/guide-steps.sh (the guide's steps in order with real kubectl apply and kubectl wait).
// Compared with each other (goal ≤ 0.7×) and with the critical path of the delays (goal ≤ 1.05×).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { monitorGatewayObjects } from '../core/gateways/index';
import { istioOverlay, renderIstioOverlay } from '../core/istio/index';
import { kindClusterConfig, renderKindConfig } from '../core/kind/index';
import { DEFAULT_ISTIO_VERSION, hostArch, hostOs, istioAsset, kindAsset } from '../core/tools/index';
import { assertBuilt, cliPath } from '../test/support/built-cli';
import { freePort } from '../test/support/ports';
import { findKubectl } from '../test/world/index';
import { startMirror } from '../test/world/mirror/index';
import { isEntryPoint, median, numberFlag, row, runFigure, type BenchRow } from './bench-report';
import { runTimed, tail } from './timed-command';

interface PodDelay {
  match: string;
  ms: number;
}

/** The issue's delays, unscaled. Pods are matched by "namespace/name" (Deployment pods are "<deployment>-<hash>-<id>"). */
export const ISSUE_DELAYS = {
  cluster: 30_000,
  istiod: [{ match: '^istio-system/istiod-', ms: 20_000 }],
  gateways: [{ match: '^istio-system/istio-(ingress|egress)gateway-', ms: 10_000 }],
  bookinfo: [
    { match: '^default/details-v1-', ms: 5_000 },
    { match: '^default/ratings-v1-', ms: 7_000 },
    { match: '^default/reviews-v1-', ms: 9_000 },
    { match: '^default/reviews-v2-', ms: 11_000 },
    { match: '^default/reviews-v3-', ms: 13_000 },
    { match: '^default/productpage-v1-', ms: 15_000 },
  ],
  addons: [
    { match: '^istio-system/grafana-', ms: 10_000 },
    { match: '^istio-system/jaeger-', ms: 13_000 },
    { match: '^istio-system/kiali-', ms: 16_000 },
    { match: '^istio-system/prometheus-', ms: 20_000 },
  ],
};

const slowest = (pods: PodDelay[]) => Math.max(0, ...pods.map((p) => p.ms));

/**
 * The shortest possible `up` given the delays and what truly depends on what: the cluster first;
 * istiod; the gateways and Bookinfo (whose pods need the injector) once istiod is ready; the
 * addons need only their namespace, so they can start with the cluster. Downloads, applies and
 * checks cost nothing here: it is the ideal (the issue's 65 s unscaled).
 */
export function criticalPathMs(scale: number): number {
  const d = ISSUE_DELAYS;
  const afterIstiod = d.cluster + slowest(d.istiod) + Math.max(slowest(d.gateways), slowest(d.bookinfo));
  return Math.max(afterIstiod, d.cluster + slowest(d.addons)) * scale;
}

/**
 * The same for MeshDeck's plan as it stands (core/lab/lab-plan.ts and core/lab/steps/): Bookinfo and the addons
 * wait for istiod (the istio step), beside the gateways (istio-gateways, the rest of istioctl's install).
 */
export function planFloorMs(scale: number): number {
  const d = ISSUE_DELAYS;
  return (d.cluster + slowest(d.istiod) + Math.max(slowest(d.gateways), slowest(d.bookinfo), slowest(d.addons))) * scale;
}

/** The guide's steps one after another: cluster, istioctl install, Bookinfo and wait, addons and wait. */
export function scriptFloorMs(scale: number): number {
  const d = ISSUE_DELAYS;
  return (d.cluster + slowest(d.istiod) + slowest(d.gateways) + slowest(d.bookinfo) + slowest(d.addons)) * scale;
}

/** MESHDECK_WORLD_DELAYS for the kind stand-in (see test/world/kind/world-delays.ts). */
export function worldDelaysEnv(scale: number): string {
  const d = ISSUE_DELAYS;
  const pods = [...d.istiod, ...d.gateways, ...d.bookinfo, ...d.addons].map((p) => ({ match: p.match, ready: p.ms }));
  return JSON.stringify({ scale, cluster: d.cluster, pods });
}

export interface Setup {
  dir: string;
  mirror: string;
  baseEnv: NodeJS.ProcessEnv;
  kubectl: string;
}

/** Seconds per step of one run, by step name. */
export type StepTimes = Record<string, number>;

const PLAN_STEPS: Record<string, string> = {
  'Pull the kind node image': 'node-image',
  "Pull Istio's images": 'istio-images',
  'Pull the images of Bookinfo and the dashboards': 'app-images',
  "Load Istio's images into the node": 'load-istio-images',
  'Load the images of Bookinfo and the dashboards into the node': 'load-app-images',
  'Create the kind cluster': 'cluster',
  'Install Istio': 'istio',
  "Start Istio's gateways": 'istio-gateways',
  'Turn on sidecar injection': 'injection',
  'Deploy Bookinfo': 'bookinfo',
  'Configure the gateways': 'gateways',
  'Install Prometheus, Grafana, Kiali and Jaeger': 'addons',
  'Check that it answers': 'verify',
};

/** Step times from `meshdeck up`'s progress lines ("… Title  detail" while running, "✔ Title  detail" when done). */
function planStepTimes(lines: { line: string; at: number }[], totalMs: number): StepTimes {
  const started = new Map<string, number>();
  const times: StepTimes = { start: (lines[0]?.at ?? totalMs) / 1000 };
  let lastDone = 0;
  for (const { line, at } of lines) {
    for (const [title, step] of Object.entries(PLAN_STEPS)) {
      if (!line.slice(2).startsWith(title)) continue;
      if (!started.has(step)) started.set(step, at);
      if (line.startsWith('✔')) {
        times[step] = (at - (started.get(step) ?? at)) / 1000;
        lastDone = Math.max(lastDone, at);
      }
    }
  }
  times['exit'] = (totalMs - lastDone) / 1000;
  return times;
}

/** One timed `meshdeck up` from a fresh MESHDECK_HOME (or `home`), then `down` (untimed) unless keepLab. */
export async function meshdeckUp(setup: Setup, round: number | string, options: { home?: string; keepLab?: boolean } = {}): Promise<{ ms: number; steps: StepTimes }> {
  const name = `bench-up-${process.pid}-${round}`;
  const env = { ...setup.baseEnv, MESHDECK_HOME: options.home ?? join(setup.dir, `home-${round}`), KUBECONFIG: join(setup.dir, `user-kubeconfig-${round}`) };
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const lines: { line: string; at: number }[] = [];
  try {
    const result = await runTimed(process.execPath, [cliPath, 'up', '--name', name, '--http-port', String(httpPort), '--https-port', String(httpsPort), '--json'], {
      env,
      timeoutMs: 10 * 60_000,
      onLine: (line, at) => lines.push({ line, at }),
    });
    const outcome = /"state": "(\w+)"/.exec(result.stdout)?.[1];
    if (result.code !== 0 || outcome !== 'succeeded') throw new Error(`meshdeck up ended ${outcome ?? `with code ${result.code}`}: ${/"message": "([^"]*)"/.exec(result.stdout)?.[1] ?? ""}\n${tail(result.stderr + result.stdout)}`);
    return { ms: result.ms, steps: planStepTimes(lines, result.ms) };
  } finally {
    if (!options.keepLab) await runTimed(process.execPath, [cliPath, 'down', '--yes', '--name', name], { env, timeoutMs: 60_000 });
  }
}

/** Step times from the script's "step: NAME" markers: each step lasts until the next marker. */
function scriptStepTimes(lines: { line: string; at: number }[]): StepTimes {
  const marks = lines.flatMap(({ line, at }) => (line.startsWith('step: ') ? [{ step: line.slice(6), at }] : []));
  const times: StepTimes = { start: (marks[0]?.at ?? 0) / 1000 };
  marks.forEach((mark, i) => {
    const next = marks[i + 1];
    if (next) times[mark.step] = (next.at - mark.at) / 1000;
  });
  return times;
}

export async function guideScript(setup: Setup, round: number | string): Promise<{ ms: number; steps: StepTimes }> {
  const name = `bench-guide-${process.pid}-${round}`;
  const work = join(setup.dir, `guide-${round}`);
  await mkdir(work, { recursive: true });
  const httpPort = await freePort();
  const httpsPort = await freePort();
  // The files a user copies from the guide (untimed): the same kind config, overlay and monitor gateway MeshDeck writes.
  const kindConfig = join(setup.dir, `kind-${round}.yaml`);
  await writeFile(kindConfig, renderKindConfig(kindClusterConfig({ name, httpHostPort: httpPort, httpsHostPort: httpsPort, httpNodePort: 30080, httpsNodePort: 30443 })));
  const overlay = join(setup.dir, `overlay-${round}.yaml`);
  await writeFile(overlay, renderIstioOverlay(istioOverlay({ profile: 'demo', httpNodePort: 30080, httpsNodePort: 30443 })));
  const monitor = join(setup.dir, `monitor-gateway-${round}.yaml`);
  await writeFile(monitor, monitorGatewayObjects({ domain: 'localhost' }).map((o) => stringify(o)).join('---\n'));
  const os = hostOs(process.platform) ?? 'linux';
  const arch = hostArch(process.arch) ?? 'amd64';
  const istioFile = istioAsset(DEFAULT_ISTIO_VERSION, os, arch)?.fileName ?? '';
  const env = {
    ...setup.baseEnv,
    MIRROR: setup.mirror,
    WORK: work,
    CLUSTER: name,
    HTTP_PORT: String(httpPort),
    ISTIO_VERSION: DEFAULT_ISTIO_VERSION,
    ISTIO_PLATFORM: istioFile.replace(`istio-${DEFAULT_ISTIO_VERSION}-`, '').replace(/\.tar\.gz$/, ''),
    KIND_ASSET: kindAsset(os, arch)?.fileName ?? '',
    KUBECTL: setup.kubectl,
    KIND_CONFIG: kindConfig,
    ISTIO_OVERLAY: overlay,
    MONITOR_GATEWAY: monitor,
  };
  try {
    const lines: { line: string; at: number }[] = [];
    const result = await runTimed('bash', [fileURLToPath(new URL('./guide-steps.sh', import.meta.url))], { env, timeoutMs: 10 * 60_000, onLine: (line, at) => lines.push({ line, at }) });
    if (result.code !== 0) throw new Error(`the guide script failed (code ${result.code}):\n${tail(result.stderr + result.stdout)}`);
    return { ms: result.ms, steps: scriptStepTimes(lines) };
  } finally {
    await runTimed(join(work, 'kind'), ['delete', 'cluster', '--name', name], { env: { ...env, KUBECONFIG: join(work, 'kubeconfig') }, timeoutMs: 60_000 }).catch(() => undefined);
  }
}

export async function benchOrchestration(options: { scale?: number; rounds?: number } = {}): Promise<BenchRow[]> {
  const scale = options.scale ?? 0.5;
  const rounds = options.rounds ?? 1;
  assertBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'meshdeck-bench-up-'));
  const mirror = await startMirror();
  const setup: Setup = {
    dir,
    mirror: mirror.url,
    kubectl: await findKubectl(),
    baseEnv: { ...process.env, MESHDECK_MIRROR: mirror.url, MESHDECK_WORLD_STATE: join(dir, 'world'), MESHDECK_WORLD_DELAYS: worldDelaysEnv(scale) },
  };
  const ours: { ms: number; steps: StepTimes }[] = [];
  const theirs: { ms: number; steps: StepTimes }[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (['meshdeck', 'script'] as const) : (['script', 'meshdeck'] as const);
      for (const who of order) {
        const run = who === 'meshdeck' ? await meshdeckUp(setup, round) : await guideScript(setup, round);
        (who === 'meshdeck' ? ours : theirs).push(run);
        console.log(`  round ${round + 1}/${rounds}: ${who} ${(run.ms / 1000).toFixed(1)} s (${describeSteps([run.steps])})`);
      }
    }
  } finally {
    await mirror.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const ideal = criticalPathMs(scale) / 1000;
  const up = median(ours.map((r) => r.ms)) / 1000;
  const script = median(theirs.map((r) => r.ms)) / 1000;
  const d = ISSUE_DELAYS;
  const budget = `delays: cluster ${(d.cluster * scale) / 1000} s, istio ${((slowest(d.istiod) + slowest(d.gateways)) * scale) / 1000} s, bookinfo ${(slowest(d.bookinfo) * scale) / 1000} s, addons ${(slowest(d.addons) * scale) / 1000} s`;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    row({
      figure: 1,
      measure: 'lab up: meshdeck up vs the guide as a script',
      unit: 's',
      meshdeck: up,
      baseline: script,
      baselineName: 'script: kubectl apply + wait',
      goal: 'ratio ≤ 0.70',
      check: ({ ratio }) => ratio !== null && ratio <= 0.7,
      note: `delays × ${scale}, median of ${rounds}, each from nothing (kind and Istio downloaded from the local mirror). Floors: the script's steps in order ${s(scriptFloorMs(scale))}; MeshDeck's plan as built ${s(planFloorMs(scale))} (${(planFloorMs(scale) / scriptFloorMs(scale)).toFixed(2)}× the script's)`,
    }),
    row({
      figure: 1,
      measure: 'lab up: meshdeck up vs the critical path',
      unit: 's',
      meshdeck: up,
      baseline: ideal,
      baselineName: 'critical path of the delays',
      goal: 'ratio ≤ 1.05',
      check: ({ ratio }) => ratio !== null && ratio <= 1.05,
      note: `the guide script takes ${(script / ideal).toFixed(2)}× the critical path. Median seconds per step (${budget}): MeshDeck ${describeSteps(ours.map((r) => r.steps))} (injection then bookinfo, beside gateways and addons); script ${describeSteps(theirs.map((r) => r.steps))}`,
    }),
  ];
}

function describeSteps(runs: StepTimes[]): string {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  return names.map((n) => `${n} ${median(runs.flatMap((r) => (r[n] === undefined ? [] : [r[n]]))).toFixed(1)}`).join(', ');
}

if (isEntryPoint(import.meta.url)) {
  runFigure('Figure 1: orchestration overhead (meshdeck up vs the guide script vs the critical path)', () => benchOrchestration({ scale: numberFlag('scale', 0.5), rounds: numberFlag('rounds', 1) }));
}
