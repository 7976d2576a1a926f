// Figure 8, images:  npm run bench:images [-- --scale 0.1]
// The lab is bound by image bytes on a real laptop. Here every image of the world's catalogue is a
// stand-in in a real registry (Debian's docker-registry) whose size is the real image's size
// (approximate compressed sizes below) times --scale; the world's kind nodes take size / speed to
// pull an image they lack, one at a time per node (the kubelet's serial pulls), and the host's
// Docker pulls through a link of the same speed per connection. Timed, same run:
//   fresh:     `meshdeck up` with no lab image on the host (it pulls on the host, three at a time,
//              beside the cluster's creation, then loads the node) vs the guide script (its node
//              pulls everything);
//   down + up: `meshdeck down` then `up` (the host kept its images: no pull at all, only the load)
//              vs the guide script again (a new cluster re-pulls in the node).
// Both start with the kind node image on the host (the world's kind does not pull it).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDockerEndpoint } from '../core/docker/index';
import { createHostImages, mirrorRef } from '../core/images/index';
import { assertBuilt } from '../test/support/built-cli';
import { findKubectl } from '../test/world/index';
import { startMirror } from '../test/world/mirror/index';
import { worldImageCatalogue, KIND_NODE_STAND_IN } from '../test/world/registry/catalogue';
import { startRegistry } from '../test/world/registry/registry-server';
import { pushStandIns } from '../test/world/registry/stand-ins';
import { isEntryPoint, numberFlag, row, runFigure, type BenchRow } from './bench-report';
import { guideScript, meshdeckUp, worldDelaysEnv, type Setup, type StepTimes } from './orchestration';
import { startTcpLink } from '../test/support/tcp-link';

const MB = 1_000_000;
/** Download speed of one connection on venue Wi-Fi shared by a classroom (40 Mbit/s). */
const BYTES_PER_SECOND = 5 * MB;

/** Approximate compressed sizes of the real images (registry manifests, autumn 2026); the rest 50 MB. */
const REAL_SIZES: Array<[RegExp, number]> = [
  [/\/pilot:/, 80 * MB],
  [/\/proxyv2:/, 95 * MB],
  [/examples-bookinfo-reviews-/, 230 * MB],
  [/examples-bookinfo-details-/, 70 * MB],
  [/examples-bookinfo-ratings-/, 60 * MB],
  [/examples-bookinfo-productpage-/, 65 * MB],
  [/prom\/prometheus:/, 130 * MB],
  [/prometheus-config-reloader:/, 15 * MB],
  [/grafana\/grafana:/, 140 * MB],
  [/kiali\/kiali:/, 95 * MB],
  [/jaegertracing\/jaeger:/, 45 * MB],
  [/curlimages\/curl:/, 12 * MB],
  [/kindest\/node:/, 8 * MB],
];
const steps = (times: StepTimes) => Object.entries(times).map(([step, seconds]) => `${step} ${seconds.toFixed(1)}`).join(', ');
const realSize = (ref: string) => REAL_SIZES.find(([match]) => match.test(ref))?.[1] ?? 50 * MB;

/** MESHDECK_WORLD_DELAYS: the orchestration figure's pod delays plus the node's pulls by size. */
function delaysEnv(scale: number): string {
  const base = JSON.parse(worldDelaysEnv(scale)) as Record<string, unknown>;
  const sizes = REAL_SIZES.map(([match, bytes]) => ({ match: match.source, bytes }));
  return JSON.stringify({ ...base, images: { bytesPerSecond: BYTES_PER_SECOND, defaultBytes: 50 * MB, sizes } });
}

export async function benchImages(options: { scale?: number } = {}): Promise<BenchRow[]> {
  const scale = options.scale ?? 0.1;
  assertBuilt();
  const docker = createDockerEndpoint(process.env).client;
  const dir = await mkdtemp(join(tmpdir(), 'meshdeck-bench-images-'));
  const mirror = await startMirror();
  const registry = await startRegistry();
  const [registryHost, registryPort] = registry.host.split(':');
  const link = await startTcpLink({ host: registryHost!, port: Number(registryPort) }, { bytesPerSecond: BYTES_PER_SECOND });
  try {
    const catalogue = await worldImageCatalogue();
    console.log(`  pushing ${catalogue.length} stand-ins (${Math.round(catalogue.reduce((sum, ref) => sum + realSize(ref) * scale, 0) / MB)} MB) to ${registry.host}`);
    const pushed = await pushStandIns(docker, registry, catalogue, { bytes: (ref) => Math.round(realSize(ref) * scale) });
    const nodeImage = `${KIND_NODE_STAND_IN}@${pushed.get(KIND_NODE_STAND_IN)!.digest}`;
    const host = createHostImages(docker);
    await host.pull([nodeImage], { mirror: registry.host });
    const labImages = catalogue.filter((ref) => ref !== KIND_NODE_STAND_IN);
    const forget = async () => {
      for (const ref of labImages) for (const name of [ref, mirrorRef(ref, link.host), mirrorRef(ref, registry.host)]) await docker.getImage(name).remove({ force: true }).catch(() => undefined);
    };
    const setup: Setup = {
      dir,
      mirror: mirror.url,
      kubectl: await findKubectl(),
      baseEnv: {
        ...process.env,
        MESHDECK_MIRROR: mirror.url,
        MESHDECK_WORLD_STATE: join(dir, 'world'),
        MESHDECK_WORLD_DELAYS: delaysEnv(scale),
        MESHDECK_WORLD_REGISTRY: registry.host,
        MESHDECK_IMAGE_MIRROR: link.host,
        MESHDECK_KIND_NODE_IMAGE: nodeImage,
      },
    };
    await forget();
    const home = join(dir, 'home');
    const fresh = await meshdeckUp(setup, 'fresh', { home });
    console.log(`  fresh: meshdeck ${(fresh.ms / 1000).toFixed(1)} s (${steps(fresh.steps)})`);
    const scriptFresh = await guideScript(setup, 'fresh');
    console.log(`  fresh: script ${(scriptFresh.ms / 1000).toFixed(1)} s (${steps(scriptFresh.steps)})`);
    // `down` already ran after the fresh up: the host keeps the images, the node is gone.
    const again = await meshdeckUp(setup, 'again', { home });
    console.log(`  down + up: meshdeck ${(again.ms / 1000).toFixed(1)} s (${steps(again.steps)})`);
    const scriptAgain = await guideScript(setup, 'again');
    console.log(`  down + up: script ${(scriptAgain.ms / 1000).toFixed(1)} s (${steps(scriptAgain.steps)})`);
    await forget();
    const pulledBytes = labImages.reduce((sum, ref) => sum + realSize(ref), 0);
    const note = `${labImages.length} images, ${Math.round(pulledBytes / MB)} MB real (× ${scale} here) at ${BYTES_PER_SECOND / MB} MB/s per connection; the orchestration figure's delays × ${scale}`;
    return [
      row({ figure: 8, measure: 'fresh up: host pulls beside the cluster, then load', unit: 's', meshdeck: fresh.ms / 1000, baseline: scriptFresh.ms / 1000, baselineName: 'script: node pulls', goal: 'ratio ≤ 0.60', check: ({ ratio }) => ratio !== null && ratio <= 0.6, note }),
      row({ figure: 8, measure: 'down then up: no pull, load only', unit: 's', meshdeck: again.ms / 1000, baseline: scriptAgain.ms / 1000, baselineName: 'script: node re-pulls', goal: 'ratio ≤ 0.35', check: ({ ratio }) => ratio !== null && ratio <= 0.35, note }),
    ];
  } finally {
    await link.close();
    await registry.stop();
    await mirror.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (isEntryPoint(import.meta.url)) {
  runFigure('Figure 8: images (fresh up and down + up vs the guide script, with image pulls)', () => benchImages({ scale: numberFlag('scale', 0.1) }));
}
