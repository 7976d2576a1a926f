// `istioctl install`: resolve the overlays and --set flags, ask unless -y, then apply each
// component (server-side apply) and wait for its Deployments with a watch for at most
// --readiness-timeout (300s by default), printing istioctl's "✔ Istio core installed ⛵️" /
// "✘ … encountered an error" progress lines on stderr (the progress bar of
// operator/pkg/util/progress writes there), gateways in parallel once istiod is done.
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

/** The IstioOperator overlays of -f files, in order (install and manifest generate read them alike). */
export async function readOverlays(files: string[]): Promise<ReturnType<typeof overlaySpecs>> {
  const overlays = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new IstioctlError(`could not read values from file ${file}: open ${file}: no such file or directory`);
    }
    overlays.push(...overlaySpecs(text, file));
  }
  return overlays;
}

export async function install(options: InstallOptions, kube: () => KubeAccess, io: Io): Promise<void> {
  const spec = resolveInstallSpec(await readOverlays(options.files), options.sets, options.version);
  const components = renderComponents(spec, options.version);
  if (options.dryRun) {
    for (const c of components) io.err(`✔ ${c.title} installed ${c.icon}\n`);
    io.err('✔ Installation complete\n');
    return;
  }
  if (!options.skipConfirmation && !(await confirm(io, `This will install the Istio ${options.version} profile "${spec.profile}" into the cluster. Proceed? (y/N)`))) {
    io.err('Cancelled.\n');
    process.exitCode = 1;
    return;
  }
  const client = kube();
  const failures: string[] = [];
  const run = async (component: Component): Promise<void> => {
    try {
      await installComponent(client, component, options.readinessTimeoutMs);
      io.err(`✔ ${component.title} installed ${component.icon}\n`);
    } catch (error) {
      // applyManifestSet wraps a failed wait as "failed to wait for resource: …"; the progress line and the final error carry the same text.
      const text = error instanceof NotReadyError ? `failed to wait for resource: ${notReadyText(error, options.readinessTimeoutMs)}` : (error as Error).message;
      io.err(`✘ ${component.title} encountered an error: ${text}\n`);
      failures.push(text);
    }
  };
  // Dependencies signal their dependants even when they failed (Installer.install in
  // operator/pkg/install/install.go): gateways are still tried after istiod did not come up.
  const [core, ...rest] = components;
  await run(core!);
  for (const pilot of rest.filter((c) => c.name === 'Pilot')) await run(pilot);
  await Promise.all(rest.filter((c) => c.name !== 'Pilot').map(run));
  if (failures.length > 0) throw new IstioctlError(`failed to install manifests: ${multiError(failures)}`);
  io.err('✔ Installation complete\n');
}

/**
 * WaitForResources' error: "resources not ready after 5m0s: context deadline exceeded" and a line
 * per unready resource, "  <id> (<reason>)"; without a reason istioctl prints just the indent.
 */
function notReadyText(error: NotReadyError, timeoutMs: number): string {
  return `resources not ready after ${formatGoDuration(timeoutMs)}: context deadline exceeded\n${error.details.join('\n')}`;
}

/** istiomultierror.MultiErrorFormat: one error as itself, more as "N errors occurred:" and bullets. */
function multiError(errors: string[]): string {
  if (errors.length === 1) return errors[0]!;
  return `${errors.length} errors occurred:\n\t${errors.map((e) => `* ${e}`).join('\n\t')}\n`;
}
