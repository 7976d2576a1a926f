// `istioctl install`: resolve the overlays and --set flags, ask unless -y, then apply each
// component (server-side apply) and wait for its Deployments with a watch, printing istioctl's
// "✔ Istio core installed ⛵️" lines as components finish, gateways in parallel.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { formatGoDuration } from '../kind/cli-io.js';
import { renderComponents, ISTIO_NAMESPACE, type Component } from './istio-manifests.js';
import { overlaySpecs, resolveInstallSpec } from './install-spec.js';
import { errorText, type KubeAccess } from './kube-access.js';
import { IstioctlError, type Io } from './istioctl-io.js';
import { NotReadyError, waitForDeployments } from './wait-deployments.js';

export interface InstallOptions {
  files: string[];
  sets: string[];
  skipConfirmation: boolean;
  readinessTimeoutMs: number;
  dryRun: boolean;
  version: string;
}

async function confirm(io: Io, question: string): Promise<boolean> {
  io.out(`${question} `);
  const rl = createInterface({ input: io.stdin, terminal: false });
  try {
    const answer = await rl.question('');
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

async function installComponent(kube: KubeAccess, component: Component, timeoutMs: number): Promise<void> {
  const apply = async (object: Record<string, unknown>): Promise<void> => {
    try {
      await kube.apply(object);
    } catch (error) {
      const meta = object.metadata as { name?: string };
      throw new Error(`failed to update resource with server-side apply for obj ${String(object.kind)}/${meta.name ?? ''}: ${errorText(error)}`);
    }
  };
  // Namespaces first (everything else may live in them), then the rest side by side.
  const namespaces = component.objects.filter((o) => o.kind === 'Namespace');
  for (const namespace of namespaces) await apply(namespace);
  await Promise.all(component.objects.filter((o) => o.kind !== 'Namespace').map(apply));
  await waitForDeployments(kube, ISTIO_NAMESPACE, component.deployments, timeoutMs);
}

export async function install(options: InstallOptions, kube: () => KubeAccess, io: Io): Promise<void> {
  const overlays = [];
  for (const file of options.files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new IstioctlError(`could not read values from file ${file}: open ${file}: no such file or directory`);
    }
    overlays.push(...overlaySpecs(text, file));
  }
  const spec = resolveInstallSpec(overlays, options.sets, options.version);
  const components = renderComponents(spec, options.version);
  if (options.dryRun) {
    for (const c of components) io.out(`✔ ${c.title} installed ${c.icon}\n`);
    io.out('✔ Installation complete\n');
    return;
  }
  if (!options.skipConfirmation && !(await confirm(io, `This will install the Istio ${options.version} profile "${spec.profile}" into the cluster. Proceed? (y/N)`))) {
    io.out('Cancelled.\n');
    return;
  }
  const client = kube();
  const failures: string[] = [];
  const run = async (component: Component): Promise<void> => {
    try {
      await installComponent(client, component, options.readinessTimeoutMs);
      io.out(`✔ ${component.title} installed ${component.icon}\n`);
    } catch (error) {
      if (error instanceof NotReadyError) {
        io.out(`✘ ${component.title} encountered an error: failed to wait for resource: resources not ready after ${formatGoDuration(options.readinessTimeoutMs)}: context deadline exceeded\n`);
        for (const detail of error.details) io.out(`  ${detail}\n`);
      } else {
        io.out(`✘ ${component.title} encountered an error: ${(error as Error).message}\n`);
      }
      failures.push(component.title);
    }
  };
  const [core, ...rest] = components;
  const pilot = rest.filter((c) => c.name === 'Pilot');
  const gateways = rest.filter((c) => c.name !== 'Pilot');
  for (const component of [core!, ...pilot]) {
    await run(component);
    if (failures.length > 0) break;
  }
  if (failures.length === 0) await Promise.all(gateways.map(run));
  if (failures.length > 0) throw new IstioctlError('failed to install manifests: errors occurred during operation');
  io.out('✔ Installation complete\n');
}
