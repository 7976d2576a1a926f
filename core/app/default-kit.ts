// The offline kit as every face builds it from the process environment: the data dir's tool
// cache, MESHDECK_MIRROR for missing tools, the Docker engine the doctor and kind use, and
// MESHDECK_IMAGE_MIRROR / MESHDECK_KIND_NODE_IMAGE for the images.

import { createDockerEndpoint } from '../docker';
import { KitService, type KitDeps } from '../kit';
import { kitImages } from '../kit/kit-images';
import type { TaskManager } from '../tasks';
import { DEFAULT_ISTIO_VERSION, DEFAULT_MIRROR } from '../tools';
import { version } from '../../package.json';

export function defaultKit(env: NodeJS.ProcessEnv, dataDir: string): (tasks: TaskManager) => KitService {
  let deps: KitDeps | undefined;
  // Built on first use: a core that never exports or imports never opens a Docker client.
  const lazy = (): KitDeps => {
    if (deps) return deps;
    const mirror = env.MESHDECK_MIRROR || DEFAULT_MIRROR;
    const base = { dataDir, mirror, platform: process.platform, arch: process.arch };
    deps = {
      ...base,
      istioVersion: DEFAULT_ISTIO_VERSION,
      meshdeckVersion: version,
      images: kitImages({ docker: createDockerEndpoint(env).client, env, arch: process.arch, tools: () => ({ ...base, version: DEFAULT_ISTIO_VERSION }) }),
    };
    return deps;
  };
  return (tasks) => new KitService(tasks, lazy);
}
