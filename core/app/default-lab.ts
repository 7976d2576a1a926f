// The lab as both faces build it from the process environment: data dir, mirror, the user's
// kubeconfig (only read, and only for --context), the stall period.

import { homedir } from 'node:os';
import { delimiter } from 'node:path';
import { createDoctorDeps } from '../doctor';
import { createLabService, userKubeconfigPath, type LabServiceWithRequests } from '../lab';
import type { TaskManager } from '../tasks';
import { DEFAULT_MIRROR } from '../tools';
import { appDataDir } from '../paths';

export function defaultLab(env: NodeJS.ProcessEnv = process.env): (tasks: TaskManager) => LabServiceWithRequests {
  const stallSeconds = Number(env.MESHDECK_STALL_SECONDS);
  return (tasks) =>
    createLabService({
      tasks,
      dataDir: appDataDir(env),
      mirror: env.MESHDECK_MIRROR || DEFAULT_MIRROR,
      platform: process.platform,
      arch: process.arch,
      env,
      userKubeconfig: userKubeconfigPath(env, homedir(), delimiter),
      doctorDeps: (ports) => createDoctorDeps(env, { ports }),
      ...(Number.isFinite(stallSeconds) && stallSeconds > 0 ? { stallMs: stallSeconds * 1000 } : {}),
    });
}
