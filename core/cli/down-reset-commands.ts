// `meshdeck down | reset`: the lab's removal and Bookinfo's routing reset, through lab.removal,
// lab.down and lab.reset. Both say what they will change and ask first (unless --yes); a lab that
// does not exist is the core's CLUSTER_NOT_FOUND, a failure (exit 1) with its message.

import type { Client, LabRemovalInfo, RoutingResetInfo } from '../contract';
import type { CliContext, Command } from './cli-context';
import { confirm } from './confirm';
import { EXIT_FAILURE, unlessInterrupted } from './exit-codes';
import { checkLabSelector } from './flag-names';
import { followTask } from './follow-task';
import { taskOutcome, writeJson } from './json-output';
import { help, labSelector, taskError, taskExitCode, type ParsedFlags } from './lab-commands';
import { parseFlags } from './parse-flags';
import { PlanView } from './plan-view';

const SELECTOR_FLAGS = { name: { type: 'string' }, context: { type: 'string' }, yes: { type: 'boolean', short: 'y' }, json: { type: 'boolean' } } as const;

export function formatRemoval(removal: LabRemovalInfo): string {
  const where = removal.provider === 'kind' ? `kind cluster ${removal.name} (context ${removal.context})` : `your cluster (context ${removal.context})`;
  const lines = [`Removing the lab on ${where} deletes:`, ...removal.items.map((item) => `  - ${item}`)];
  if (removal.kept.length > 0) lines.push('It keeps:', ...removal.kept.map((item) => `  - ${item}`));
  return lines.join('\n');
}

export function formatRoutingReset(reset: RoutingResetInfo): string {
  const lines = reset.removed.length === 0 ? [`Nothing to remove in namespace ${reset.namespace}.`] : [`Removed from namespace ${reset.namespace}:`, ...reset.removed.map((o) => `  ${o.kind} ${o.name}`)];
  const restored = reset.restored.map((o) => `${o.kind} ${o.name}${o.action === 'unchanged' ? '' : ` (${o.action})`}`).join(', ');
  lines.push(`Back as released: ${restored}.`);
  return lines.join('\n');
}

/** Progress on stdout, or on stderr when stdout carries the JSON outcome. */
function planView(cli: CliContext, json: boolean): PlanView {
  return new PlanView(json ? { write: (line: string) => cli.err.write(line), isTTY: false } : cli.out);
}

export async function labDown(flags: ParsedFlags, client: Client, cli: CliContext): Promise<number> {
  const selector = labSelector(flags);
  const json = flags.json === true;
  const removal = await unlessInterrupted(client.call('lab.removal', selector), cli.signal);
  (json ? cli.err : cli.out).write(`${formatRemoval(removal)}\n`);
  if (flags.yes !== true) {
    const agreed = await confirm(cli, `Delete all of this? [y/N] `, 'Deleting the lab removes what is listed above. Add --yes to confirm.');
    if (!agreed) {
      if (json) writeJson(cli.out, { state: 'declined', removal });
      else cli.out.write('Nothing deleted.\n');
      return EXIT_FAILURE;
    }
  }
  const view = planView(cli, json);
  const ended = await followTask(client, () => client.call('lab.down', { ...selector, confirmed: true }), { onUpdate: (task) => view.update(task), interrupt: cli.signal });
  view.finish(ended);
  const error = taskError(ended);
  if (json) writeJson(cli.out, { ...taskOutcome(ended), ...(error ? { error } : {}), removal });
  else if (error) cli.err.write(`meshdeck: ${error.message}\n`);
  return taskExitCode(ended);
}

const DOWN_USAGE = `Usage: meshdeck down [--name NAME] [--context NAME] [--yes] [--json]

Removes the lab. A kind lab: its cluster and everything in it. A lab on your own cluster
(\`meshdeck up --context\`): only what MeshDeck installed there; the cluster stays. Lists what
goes (and what stays) first, then asks unless --yes. A lab that does not exist: exit 1.

Options:
  --name NAME         the lab's kind cluster (default: the current lab, see \`meshdeck labs\`)
  --context NAME      a lab on a cluster of your kubeconfig
  -y, --yes           do not ask for confirmation (required when not on a terminal)
  --json              print the outcome as JSON (the list and progress go to stderr):
                      {"state", "error"?: {code, message}, "removal": {"items", "kept", …}}`;

export const downCommand: Command = {
  usage: DOWN_USAGE,
  async run(args, cli) {
    const { values } = parseFlags(args, SELECTOR_FLAGS, 'down');
    if (values.help) return help(cli, DOWN_USAGE);
    return cli.session({}, (client) => labDown(values, client, cli));
  },
};

export async function labReset(flags: ParsedFlags, client: Client, cli: CliContext): Promise<number> {
  const selector = labSelector(flags);
  const json = flags.json === true;
  // A bad --name or --context is refused before the question, not after a "y".
  checkLabSelector(selector);
  if (flags.yes !== true) {
    const what = 'Resetting deletes every VirtualService and DestinationRule in the Bookinfo namespace except the bookinfo one, MeshDeck’s mTLS and authorization objects and the curl clients it deployed, and puts bookinfo-gateway back as released.';
    const where = selector.context !== undefined ? ` on ${selector.context}` : selector.name !== undefined ? ` of ${selector.name}` : '';
    if (!(await confirm(cli, `${what}\nReset Bookinfo routing${where}? [y/N] `, `${what} Add --yes to confirm.`))) {
      if (json) writeJson(cli.out, { state: 'declined' });
      else cli.out.write('Nothing changed.\n');
      return EXIT_FAILURE;
    }
  }
  const view = planView(cli, json);
  const ended = await followTask(client, () => client.call('lab.reset', selector), { onUpdate: (task) => view.update(task), interrupt: cli.signal });
  view.finish(ended);
  const reset = ended.result?.kind === 'lab-reset' ? ended.result.reset : undefined;
  const error = taskError(ended);
  if (json) writeJson(cli.out, { ...taskOutcome(ended), ...(error ? { error } : {}), ...(reset ? { reset } : {}) });
  else if (reset) cli.out.write(`\n${formatRoutingReset(reset)}\n`);
  else if (error) cli.err.write(`meshdeck: ${error.message}\n`);
  return taskExitCode(ended);
}

const RESET_USAGE = `Usage: meshdeck reset [--name NAME] [--context NAME] [--yes] [--json]

Brings Bookinfo's routing back to how \`meshdeck up\` left it, without recreating the cluster:
deletes every VirtualService and DestinationRule in Bookinfo's namespace except the bookinfo
VirtualService, and re-applies bookinfo-gateway and that VirtualService from the Istio release.
MeshDeck's PeerAuthentications and AuthorizationPolicies go too, and the curl clients it
deployed for \`traffic --from curl\` (with a namespace it made for one). Nothing else in
istio-system (the dashboards' gateway) is touched. Asks first unless --yes.
A lab that does not exist: exit 1.

Options:
  --name NAME         the lab's kind cluster (default: the current lab, see \`meshdeck labs\`)
  --context NAME      a cluster of your kubeconfig set up with \`meshdeck up --context\`
  -y, --yes           do not ask for confirmation (required when not on a terminal)
  --json              print the outcome as JSON (progress goes to stderr):
                      {"state", "error"?: {code, message}, "reset"?: {"namespace", "removed", "restored"}}`;

export const resetCommand: Command = {
  usage: RESET_USAGE,
  async run(args, cli) {
    const { values } = parseFlags(args, SELECTOR_FLAGS, 'reset');
    if (values.help) return help(cli, RESET_USAGE);
    return cli.session({}, (client) => labReset(values, client, cli));
  },
};
