// `meshdeck up | status | reset | down`: the one-click plan from a terminal. The same LabService as the
// app; this file only parses flags, shows progress and maps the outcome to an exit code.

import { createInterface } from 'node:readline/promises';
import { AppError, LAN_SHARING_WARNING, METHOD_PARAMS, SchemaError, type LabStatusInfo, type RoutingResetInfo, type TaskInfo } from '../contract';
import { defaultLab } from '../app';
import type { LabRequest } from '../lab';
import { TaskManager } from '../tasks';
import { formatLabStatus } from './format-status';
import { PlanView } from './plan-view';

export interface ParsedFlags {
  [key: string]: string | boolean | undefined;
}

function numberFlag(value: string | boolean | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number)) throw new AppError('INVALID_ARGUMENT', `${flag} must be a whole number, got "${String(value)}".`);
  return number;
}

/** Flags → a validated lab request, with the same rules the app's contract enforces. */
export function labRequestFromFlags(flags: ParsedFlags): LabRequest {
  const options = {
    name: flags.name as string | undefined,
    istioVersion: flags.istio as string | undefined,
    httpPort: numberFlag(flags['http-port'], '--http-port'),
    httpsPort: numberFlag(flags['https-port'], '--https-port'),
    context: flags.context as string | undefined,
    mergeKubeconfig: flags['merge-kubeconfig'] === true ? true : undefined,
    lanSharing: flags.lan === true ? true : undefined,
  };
  if (options.mergeKubeconfig && options.context) {
    throw new AppError('INVALID_ARGUMENT', `--merge-kubeconfig adds a kind cluster MeshDeck creates to your kubeconfig; --context ${options.context} is already there. Use one or the other.`);
  }
  if (options.lanSharing && options.context) {
    throw new AppError('INVALID_ARGUMENT', `--lan publishes the ports of a kind cluster MeshDeck creates; --context ${options.context} is a cluster MeshDeck does not publish. Leave out one of them.`);
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  try {
    METHOD_PARAMS['lab.up'].parse(defined, '');
  } catch (error) {
    if (error instanceof SchemaError) throw new AppError('INVALID_ARGUMENT', `--${error.path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace('istio-version', 'istio')}: expected ${error.expected}.`);
    throw error;
  }
  return { ...defined, ...(typeof flags.kind === 'string' ? { kindPath: flags.kind } : {}), ...(typeof flags.istioctl === 'string' ? { istioctlPath: flags.istioctl } : {}) };
}

function waitForEnd(tasks: TaskManager, id: string, onUpdate: (task: TaskInfo) => void, updates: { listener?: (task: TaskInfo) => void }): Promise<TaskInfo> {
  return new Promise((resolve) => {
    updates.listener = (task) => {
      if (task.id !== id) return;
      onUpdate(task);
      if (task.state !== 'running') resolve(task);
    };
  });
}

export async function labUp(flags: ParsedFlags): Promise<number> {
  const request = labRequestFromFlags(flags);
  if (request.lanSharing) process.stderr.write(`Warning: ${LAN_SHARING_WARNING}\n`);
  const updates: { listener?: (task: TaskInfo) => void } = {};
  const tasks = new TaskManager({ onUpdate: (task) => updates.listener?.(task) });
  const lab = defaultLab(process.env)(tasks);
  const json = flags.json === true;
  const view = new PlanView(json ? { write: (text: string) => process.stderr.write(text), isTTY: false } : process.stdout);
  const task = lab.upWith(request);
  const stop = () => tasks.cancel(task.id);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const ended = await waitForEnd(tasks, task.id, (update) => view.update(update), updates);
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  view.finish(ended);
  const status = ended.result?.kind === 'lab' ? ended.result.status : undefined;
  if (json) process.stdout.write(`${JSON.stringify({ state: ended.state, ...(ended.error ? { error: ended.error } : {}), ...(status ? { status } : {}) }, null, 2)}\n`);
  else if (ended.state === 'succeeded' && status) process.stdout.write(`\n${formatLabStatus(status, process.stdout.isTTY === true)}\n`);
  else if (ended.state === 'cancelled') process.stderr.write('\nCancelled. Run `meshdeck up` again to continue where it stopped.\n');
  else if (ended.error) process.stderr.write(`\nmeshdeck: ${ended.error.message}\n`);
  return ended.state === 'succeeded' ? 0 : ended.state === 'cancelled' ? 130 : 1;
}

export async function labStatus(flags: ParsedFlags): Promise<number> {
  const tasks = new TaskManager({ onUpdate: () => undefined });
  const status: LabStatusInfo = await defaultLab(process.env)(tasks).status({
    ...(typeof flags.name === 'string' ? { name: flags.name } : {}),
    ...(typeof flags.context === 'string' ? { context: flags.context } : {}),
  });
  process.stdout.write(flags.json === true ? `${JSON.stringify(status, null, 2)}\n` : `${formatLabStatus(status, process.stdout.isTTY === true)}\n`);
  return status.exists ? 0 : 1;
}

export async function labDown(flags: ParsedFlags): Promise<number> {
  const updates: { listener?: (task: TaskInfo) => void } = {};
  const tasks = new TaskManager({ onUpdate: (task) => updates.listener?.(task) });
  const lab = defaultLab(process.env)(tasks);
  const name = typeof flags.name === 'string' ? flags.name : undefined;
  if (flags.yes !== true) {
    if (!process.stdin.isTTY) throw new AppError('INVALID_ARGUMENT', 'Deleting the lab removes the cluster and everything in it. Add --yes to confirm.');
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await prompt.question(`Delete the lab cluster${name ? ` ${name}` : ''} and everything in it? [y/N] `);
    prompt.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      process.stdout.write('Nothing deleted.\n');
      return 1;
    }
  }
  const task = lab.down(name ? { name } : {});
  const view = new PlanView(process.stdout);
  const ended = await waitForEnd(tasks, task.id, (update) => view.update(update), updates);
  view.finish(ended);
  if (ended.error) process.stderr.write(`meshdeck: ${ended.error.message}\n`);
  return ended.state === 'succeeded' ? 0 : 1;
}

export async function labReset(flags: ParsedFlags): Promise<number> {
  const updates: { listener?: (task: TaskInfo) => void } = {};
  const tasks = new TaskManager({ onUpdate: (task) => updates.listener?.(task) });
  const lab = defaultLab(process.env)(tasks);
  const selector = {
    ...(typeof flags.name === 'string' ? { name: flags.name } : {}),
    ...(typeof flags.context === 'string' ? { context: flags.context } : {}),
  };
  try {
    METHOD_PARAMS['lab.reset'].parse(selector, '');
  } catch (error) {
    if (error instanceof SchemaError) throw new AppError('INVALID_ARGUMENT', `--${error.path}: expected ${error.expected}.`);
    throw error;
  }
  if (flags.yes !== true) {
    const what = 'Resetting deletes every VirtualService and DestinationRule in the Bookinfo namespace except the bookinfo one, and puts bookinfo-gateway back as released.';
    if (!process.stdin.isTTY) throw new AppError('INVALID_ARGUMENT', `${what} Add --yes to confirm.`);
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await prompt.question(`${what}\nReset Bookinfo routing${selector.context ? ` on ${selector.context}` : selector.name ? ` of ${selector.name}` : ''}? [y/N] `);
    prompt.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      process.stdout.write('Nothing changed.\n');
      return 1;
    }
  }
  const task = lab.reset(selector);
  const view = new PlanView(process.stdout);
  const stop = () => tasks.cancel(task.id);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const ended = await waitForEnd(tasks, task.id, (update) => view.update(update), updates);
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  view.finish(ended);
  if (ended.state === 'succeeded' && ended.result?.kind === 'lab-reset') process.stdout.write(`\n${formatRoutingReset(ended.result.reset)}\n`);
  else if (ended.error) process.stderr.write(`meshdeck: ${ended.error.message}\n`);
  return ended.state === 'succeeded' ? 0 : ended.state === 'cancelled' ? 130 : 1;
}

export function formatRoutingReset(reset: RoutingResetInfo): string {
  const lines = reset.removed.length === 0 ? [`Nothing to remove in namespace ${reset.namespace}.`] : [`Removed from namespace ${reset.namespace}:`, ...reset.removed.map((o) => `  ${o.kind} ${o.name}`)];
  const restored = reset.restored.map((o) => `${o.kind} ${o.name}${o.action === 'unchanged' ? '' : ` (${o.action})`}`).join(', ');
  lines.push(`Back as released: ${restored}.`);
  return lines.join('\n');
}
