// Remembers the last lab the user brought up (name, ports, version, context, whether its context
// goes into the user's kubeconfig too) in the data dir,
// so `meshdeck status` and `down`, and the app on its next launch, know which lab is meant.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabOptionsInfo } from '../contract';

function memoryPath(dataDir: string): string {
  return join(dataDir, 'lab.json');
}

export async function rememberLab(dataDir: string, options: LabOptionsInfo): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const { name, istioVersion, httpPort, httpsPort, context, mergeKubeconfig, lanSharing } = options;
  await writeFile(memoryPath(dataDir), `${JSON.stringify({ name, istioVersion, httpPort, httpsPort, context, mergeKubeconfig, lanSharing }, null, 2)}\n`, { mode: 0o600 });
}

export async function recallLab(dataDir: string): Promise<LabOptionsInfo> {
  try {
    const value = JSON.parse(await readFile(memoryPath(dataDir), 'utf8')) as Record<string, unknown>;
    const options: LabOptionsInfo = {};
    if (typeof value.name === 'string') options.name = value.name;
    if (typeof value.istioVersion === 'string') options.istioVersion = value.istioVersion;
    if (typeof value.httpPort === 'number') options.httpPort = value.httpPort;
    if (typeof value.httpsPort === 'number') options.httpsPort = value.httpsPort;
    if (typeof value.context === 'string') options.context = value.context;
    if (typeof value.mergeKubeconfig === 'boolean') options.mergeKubeconfig = value.mergeKubeconfig;
    if (typeof value.lanSharing === 'boolean') options.lanSharing = value.lanSharing;
    return options;
  } catch {
    // Nothing remembered (or unreadable): the defaults describe the lab.
    return {};
  }
}
