// `meshdeck up | status | reset | down`: the one-click plan from a terminal, through the core's
// contract (lab.up, lab.status, lab.reset, lab.down). This file maps flags to arguments, asks for
// confirmation, shows progress and maps the outcome to an exit code; the core checks the arguments.

import { createInterface } from 'node:readline/promises';
import { AppError, LAN_SHARING_WARNING, type Client, type MethodParams, type RoutingResetInfo, type TaskInfo } from '../contract';
import { followTask } from './follow-task';
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

function definedOnly<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}

/**
 * Flags → lab.up's arguments. Refuses flags that contradict each other (said in flag terms);
 * what each value may be is the contract's to check.
 */
export function labRequestFromFlags(flags: ParsedFlags): MethodParams<'lab.up'> {
  const options = {
    name: flags.name as string | undefined,
    istioVersion: flags.istio as string | undefined,
    httpPort: numberFlag(flags['http-port'], '--http-port'),
    httpsPort: numberFlag(flags['https-port'], '--https-port'),
    context: flags.context as string | undefined,
    mergeKubeconfig: flags['merge-kubeconfig'] === true ? true : undefined,
    lanSharing: flags.lan === true ? true : undefined,
    kindPath: flags.kind as string | undefined,
    istioctlPath: flags.istioctl as string | undefined,
  };
  if (options.mergeKubeconfig && options.context) {
    throw new AppError('INVALID_ARGUMENT', `--merge-kubeconfig adds a kind cluster MeshDeck creates to your kubeconfig; --context ${options.context} is already there. Use one or the other.`);
  }
  if (options.lanSharing && options.context) {
    throw new AppError('INVALID_ARGUMENT', `--lan publishes the ports of a kind cluster MeshDeck creates; --context ${options.context} is a cluster MeshDeck does not publish. Leave out one of them.`);
  }
  return definedOnly(options);
}

function labSelector(flags: ParsedFlags): { name?: string; context?: string } {
  return definedOnly({ name: typeof flags.name === 'string' ? flags.name : undefined, context: typeof flags.context === 'string' ? flags.context : undefined });
}

/** Asks on the terminal; off a terminal, refuses with `refusal` (the caller says to add --yes). */
async function confirm(question: string, refusal: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new AppError('INVALID_ARGUMENT', refusal);
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await prompt.question(question);
  prompt.close();
  return /^y(es)?$/i.test(answer.trim());
}

function exitCode(ended: TaskInfo): number {
  return ended.state === 'succeeded' ? 0 : ended.state === 'cancelled' ? 130 : 1;
}

export async function labUp(flags: ParsedFlags, client: Client, interrupt: AbortSignal): Promise<number> {
  const request = labRequestFromFlags(flags);
  if (request.lanSharing) process.stderr.write(`Warning: ${LAN_SHARING_WARNING}\n`);
  const json = flags.json === true;
  const view = new PlanView(json ? { write: (text: string) => process.stderr.write(text), isTTY: false } : process.stdout);
  const ended = await followTask(client, () => client.call('lab.up', request), { onUpdate: (task) => view.update(task), interrupt });
  view.finish(ended);
  const status = ended.result?.kind === 'lab' ? ended.result.status : undefined;
  if (json) process.stdout.write(`${JSON.stringify({ state: ended.state, ...(ended.error ? { error: ended.error } : {}), ...(status ? { status } : {}) }, null, 2)}\n`);
  else if (ended.state === 'succeeded' && status) process.stdout.write(`\n${formatLabStatus(status, process.stdout.isTTY === true)}\n`);
  else if (ended.state === 'cancelled') process.stderr.write('\nCancelled. Run `meshdeck up` again to continue where it stopped.\n');
  else if (ended.error) process.stderr.write(`\nmeshdeck: ${ended.error.message}\n`);
  return exitCode(ended);
}

export async function labStatus(flags: ParsedFlags, client: Client): Promise<number> {
  const status = await client.call('lab.status', labSelector(flags));
  process.stdout.write(flags.json === true ? `${JSON.stringify(status, null, 2)}\n` : `${formatLabStatus(status, process.stdout.isTTY === true)}\n`);
  return status.exists ? 0 : 1;
}

export async function labDown(flags: ParsedFlags, client: Client, interrupt: AbortSignal): Promise<number> {
  const name = typeof flags.name === 'string' ? flags.name : undefined;
  if (flags.yes !== true) {
    const agreed = await confirm(`Delete the lab cluster${name ? ` ${name}` : ''} and everything in it? [y/N] `, 'Deleting the lab removes the cluster and everything in it. Add --yes to confirm.');
    if (!agreed) {
      process.stdout.write('Nothing deleted.\n');
      return 1;
    }
  }
  const view = new PlanView(process.stdout);
  const ended = await followTask(client, () => client.call('lab.down', { ...(name ? { name } : {}), confirmed: true }), { onUpdate: (task) => view.update(task), interrupt });
  view.finish(ended);
  if (ended.error) process.stderr.write(`meshdeck: ${ended.error.message}\n`);
  return exitCode(ended);
}

export async function labReset(flags: ParsedFlags, client: Client, interrupt: AbortSignal): Promise<number> {
  const selector = labSelector(flags);
  if (flags.yes !== true) {
    const what = 'Resetting deletes every VirtualService and DestinationRule in the Bookinfo namespace except the bookinfo one, and puts bookinfo-gateway back as released.';
    const where = selector.context ? ` on ${selector.context}` : selector.name ? ` of ${selector.name}` : '';
    if (!(await confirm(`${what}\nReset Bookinfo routing${where}? [y/N] `, `${what} Add --yes to confirm.`))) {
      process.stdout.write('Nothing changed.\n');
      return 1;
    }
  }
  const view = new PlanView(process.stdout);
  const ended = await followTask(client, () => client.call('lab.reset', selector), { onUpdate: (task) => view.update(task), interrupt });
  view.finish(ended);
  if (ended.state === 'succeeded' && ended.result?.kind === 'lab-reset') process.stdout.write(`\n${formatRoutingReset(ended.result.reset)}\n`);
  else if (ended.error) process.stderr.write(`meshdeck: ${ended.error.message}\n`);
  return exitCode(ended);
}

export function formatRoutingReset(reset: RoutingResetInfo): string {
  const lines = reset.removed.length === 0 ? [`Nothing to remove in namespace ${reset.namespace}.`] : [`Removed from namespace ${reset.namespace}:`, ...reset.removed.map((o) => `  ${o.kind} ${o.name}`)];
  const restored = reset.restored.map((o) => `${o.kind} ${o.name}${o.action === 'unchanged' ? '' : ` (${o.action})`}`).join(', ');
  lines.push(`Back as released: ${restored}.`);
  return lines.join('\n');
}
