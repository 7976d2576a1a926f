// The real LabService: runs the one-click plan as a task (one at a time), reads status, resets
// Bookinfo's routing, and deletes a kind lab. Wires the plan's steps to the doctor, the managed tools, kind, istioctl
// and the cluster; everything from the outside world comes in through the options.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, type LabOptionsInfo, type PlanStepInfo, type TaskInfo } from '../contract';
import { runDoctor, type DoctorDeps } from '../doctor';
import { exec } from '../exec';
import { istioctlCli } from '../istio';
import { kindCli } from '../kind';
import { readKubeContexts } from '../kube';
import type { TaskContext, TaskManager } from '../tasks';
import { ensureIstio, ensureKind, toolDeps, type ToolProgressEvent } from '../tools';
import { withLock } from '../tools/file-lock';
import { bookinfoUrl } from '../gateways';
import { BOOKINFO_NAMESPACE, resolveLabConfig, type LabConfig, type LabRequest } from './lab-config';
import { recallLab, rememberLab } from './lab-memory';
import type { LabService } from './lab-service';
import { readLabStatus } from './lab-status';
import { resetLabRouting } from './reset-routing';
import { labPlan, type LabDeps } from './lab-steps';
import { initialStepInfos, runPlan, type StepContext } from './plan-runner';

export interface LabServiceOptions {
  tasks: TaskManager;
  dataDir: string;
  mirror: string;
  platform: NodeJS.Platform;
  arch: string;
  env: NodeJS.ProcessEnv;
  userKubeconfig: string;
  doctorDeps: (ports: number[]) => DoctorDeps;
  stallMs?: number;
}

export interface LabServiceWithRequests extends LabService {
  /** `up` with the CLI-only choices (user-chosen kind/istioctl binaries). */
  upWith(request: LabRequest): TaskInfo;
}

export function describeToolProgress(event: ToolProgressEvent): { detail: string; percent: number | null } {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  if (event.phase === 'download') {
    const total = event.bytesTotal;
    return total ? { detail: `Downloading ${event.file}: ${mb(event.bytesDone)} of ${mb(total)} MB`, percent: Math.round((event.bytesDone / total) * 100) } : { detail: `Downloading ${event.file}: ${mb(event.bytesDone)} MB`, percent: null };
  }
  return { detail: event.phase === 'verify' ? `Verifying ${event.file} (SHA-256)` : `Unpacking ${event.file}`, percent: null };
}

/** Holds `<dataDir>/lab-up.lock` for the plan; while another process holds it, says so on the first step and waits. */
async function withUpLock(dataDir: string, context: TaskContext, first: PlanStepInfo | undefined, work: () => Promise<void>): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  let acquired = false;
  try {
    await withLock(join(dataDir, 'lab-up.lock'), toolDeps(), {
      signal: context.signal,
      onWait: (pid) => {
        const detail = `Another meshdeck up is running (pid ${pid}); waiting for it to finish`;
        context.log(detail, first?.id ?? 'preflight');
        if (first) context.updateStep({ ...first, state: 'running', detail });
      },
    }, async () => {
      acquired = true;
      await work();
    });
  } catch (error) {
    if (!acquired && error instanceof AppError && error.code === 'CANCELLED') {
      throw new AppError('CANCELLED', 'Cancelled while waiting for the other meshdeck up; nothing was changed. Run up again when it has finished.');
    }
    throw error;
  }
}

export function createLabService(options: LabServiceOptions): LabServiceWithRequests {
  const environment = { dataDir: options.dataDir, userKubeconfig: options.userKubeconfig, ...(options.stallMs !== undefined ? { stallMs: options.stallMs } : {}) };
  const toolOptions = (context: StepContext) => ({
    dataDir: options.dataDir,
    mirror: options.mirror,
    platform: options.platform,
    arch: options.arch,
    signal: context.signal,
    log: context.log,
    onProgress: (event: ToolProgressEvent) => {
      const { detail, percent } = describeToolProgress(event);
      context.progress(detail, percent);
    },
  });

  const deps: LabDeps = {
    preflight: async (config, signal, log) => {
      const report = await runDoctor({ ...options.doctorDeps([config.httpPort, config.httpsPort]), labClusterName: config.name }, signal, {
        onFinding: (finding) => log(`${finding.status.toUpperCase().padEnd(7)} ${finding.title}: ${finding.summary}`),
      });
      // Tools are fetched by their own steps; anything else that fails, or a taken port, stops the plan here, before anything is created.
      const blocking = report.findings.find((f) => f.status === 'fail' && f.id !== 'kind' && f.id !== 'istioctl') ?? report.findings.find((f) => f.code === 'PORT_IN_USE');
      if (!blocking) return undefined;
      const advice = blocking.code === 'PORT_IN_USE' ? `${blocking.advice ?? ''} Choose other ports with --http-port/--https-port (or the Options in the app).` : (blocking.advice ?? '');
      return new AppError(blocking.code ?? 'INVALID_ARGUMENT', `${blocking.summary} ${advice}`.trim(), { check: blocking.id });
    },
    ensureKind: (config, context) => ensureKind({ ...toolOptions(context), ...(config.kindPath ? { kindPath: config.kindPath } : {}) }),
    ensureIstio: (config, context) => ensureIstio({ ...toolOptions(context), version: config.istioVersion, ...(config.istioctlPath ? { istioctlPath: config.istioctlPath } : {}) }),
    kind: (kindPath) => kindCli({ kindPath, exec, env: options.env }),
    istioctl: (istioctlPath) => istioctlCli({ istioctlPath, exec, env: options.env }),
  };

  const running = (kind: TaskInfo['kind']) => options.tasks.list().find((task) => task.kind === kind && task.state === 'running');

  async function configFor(selector: { name?: string; context?: string }): Promise<LabConfig> {
    const remembered = await recallLab(options.dataDir);
    const request: LabOptionsInfo = selector.name || selector.context ? { ...remembered, ...selector } : remembered;
    if (selector.name && !selector.context) delete request.context;
    return resolveLabConfig(request, environment);
  }

  function upWith(request: LabRequest): TaskInfo {
    const busy = running('lab-up') ?? running('lab-down') ?? running('lab-reset');
    if (busy) {
      if (busy.kind === 'lab-up') return busy;
      if (busy.kind === 'lab-reset') throw new AppError('INVALID_ARGUMENT', 'Bookinfo’s routing is being reset; wait for that to finish, then run up again.');
      throw new AppError('INVALID_ARGUMENT', 'The lab is being deleted; wait for that to finish, then create it again.');
    }
    const config = resolveLabConfig(request, environment);
    return options.tasks.start('lab-up', config.provider === 'kind' ? `Create my mesh (${config.name})` : `Set up the mesh on ${config.context}`, async (context: TaskContext) => {
      const plan = labPlan(config, deps);
      const steps = initialStepInfos(plan.steps);
      context.steps(steps);
      try {
        // One `up` per data dir across processes (CLI, app, a second terminal): the second waits, then finds the work done.
        await withUpLock(options.dataDir, context, steps[0], async () => {
          await rememberLab(options.dataDir, request);
          await runPlan(plan.steps, { update: (step) => context.updateStep(step), log: (line, step) => context.log(line, step) }, context.signal);
        });
      } finally {
        plan.close();
      }
      context.step('Reading the lab’s status', 100);
      return { kind: 'lab', status: await readLabStatus(config, context.signal) };
    });
  }

  return {
    upWith,
    up: (request) => upWith(request),
    contexts: async () => readKubeContexts(options.userKubeconfig),
    target: async (selector = {}) => {
      const config = await configFor(selector);
      return { kubeconfigPath: config.kubeconfigPath, context: config.context, namespace: BOOKINFO_NAMESPACE, bookinfoUrl: bookinfoUrl({ httpPort: config.httpPort }) };
    },
    status: async (selector) => readLabStatus(await configFor(selector), AbortSignal.timeout(30_000)),
    down: (selector) => {
      const busy = running('lab-down');
      if (busy) return busy;
      if (running('lab-up')) throw new AppError('INVALID_ARGUMENT', 'A lab is being created: cancel it first, then delete the lab.');
      if (running('lab-reset')) throw new AppError('INVALID_ARGUMENT', 'Bookinfo’s routing is being reset; wait for that to finish, then delete the lab.');
      return options.tasks.start('lab-down', 'Delete the lab', async (context) => {
        const config = await configFor(selector);
        if (config.provider === 'context') {
          throw new AppError('INVALID_ARGUMENT', `MeshDeck did not create ${config.context}, so it will not delete it. To remove Istio from it, run \`istioctl uninstall --purge -y --context ${config.context}\`.`);
        }
        const step = { id: 'delete', title: `Delete cluster ${config.name}`, state: 'running' as const, detail: 'Deleting the kind cluster', percent: null };
        context.steps([step]);
        const kindPath = await ensureKind({ ...toolOptions({ signal: context.signal, log: (line) => context.log(line, 'delete'), progress: () => undefined }), ...(config.kindPath ? { kindPath: config.kindPath } : {}) });
        const cli = kindCli({ kindPath, exec, env: options.env });
        await cli.deleteCluster({ name: config.name, kubeconfigPath: config.kubeconfigPath, signal: context.signal, onLine: (line) => context.log(line, 'delete') });
        if (config.mergeInto) {
          // The user opted in to the context in their kubeconfig: take out what we put there (kind removes the entry even when the nodes are gone).
          await cli.deleteCluster({ name: config.name, kubeconfigPath: config.mergeInto, signal: context.signal, onLine: (line) => context.log(line, 'delete') });
          context.log(`Removed ${config.context} from ${config.mergeInto}`, 'delete');
        }
        context.updateStep({ ...step, state: 'done', detail: `Cluster ${config.name} deleted`, percent: 100 });
        return { kind: 'lab', status: await readLabStatus(config, context.signal) };
      });
    },
    reset: (selector) => {
      const busy = running('lab-reset');
      if (busy) return busy;
      if (running('lab-up')) throw new AppError('INVALID_ARGUMENT', 'A lab is being created: let it finish (or cancel it), then reset its routing.');
      if (running('lab-down')) throw new AppError('INVALID_ARGUMENT', 'The lab is being deleted, so there is no routing to reset.');
      return options.tasks.start('lab-reset', 'Reset Bookinfo routing', async (context) => {
        const config = await configFor(selector);
        const step = { id: 'reset', title: `Reset Bookinfo routing on ${config.context}`, state: 'running' as const, detail: 'Reading the routing rules', percent: null };
        context.steps([step]);
        const stepContext: StepContext = {
          signal: context.signal,
          log: (line) => context.log(line, 'reset'),
          progress: (detail, percent) => context.updateStep({ ...step, detail, percent: percent ?? null }),
        };
        let reset;
        try {
          reset = await resetLabRouting(config, () => deps.ensureIstio(config, stepContext), { signal: context.signal, log: (line) => context.log(line, 'reset') });
        } catch (error) {
          if (error instanceof AppError && error.code !== 'CANCELLED') context.updateStep({ ...step, state: 'failed', detail: error.message, percent: null, error: error.toInfo() });
          throw error;
        }
        const detail = reset.removed.length === 0 ? 'Routing was already at its starting state' : `Removed ${reset.removed.length} routing rule${reset.removed.length === 1 ? '' : 's'}; bookinfo-gateway and the bookinfo VirtualService are as released`;
        context.updateStep({ ...step, state: 'done', detail, percent: 100 });
        return { kind: 'lab-reset', reset };
      });
    },
  };
}
