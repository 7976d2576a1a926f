// `meshdeck labs [--json]` lists the labs this data folder knows (lab.list); `meshdeck labs use
// NAME | --context CTX` makes one the current lab (lab.select), the one commands aim at by default.

import { AppError, type Client, type LabSummaryInfo } from '../contract';
import type { CliContext, Command } from './cli-context';
import { formatTable } from './cli-table';
import { EXIT_OK, unlessInterrupted } from './exit-codes';
import { writeJson } from './json-output';
import { help } from './lab-commands';
import { parseFlags } from './parse-flags';

/** NAME, CONTEXT, STATE, CURRENT and BOOKINFO URL columns, like `kubectl config get-contexts`. */
export function formatLabs(labs: readonly LabSummaryInfo[]): string {
  if (labs.length === 0) return 'No labs yet. Create one with `meshdeck up` (or `meshdeck up --context NAME` on a cluster of yours).';
  const rows = [['CURRENT', 'NAME', 'CONTEXT', 'STATE', 'BOOKINFO URL'], ...labs.map((lab) => [lab.current ? '*' : '', lab.name, lab.context, lab.state, lab.bookinfoUrl ?? '-'])];
  return formatTable(rows);
}

async function listLabs(client: Client, json: boolean, cli: CliContext): Promise<number> {
  const labs = await unlessInterrupted(client.call('lab.list', {}), cli.signal);
  if (json) writeJson(cli.out, labs);
  else cli.out.write(`${formatLabs(labs)}\n`);
  return EXIT_OK;
}

async function useLab(selector: { name?: string; context?: string }, client: Client, json: boolean, cli: CliContext): Promise<number> {
  const lab = await unlessInterrupted(client.call('lab.select', selector), cli.signal);
  if (json) writeJson(cli.out, lab);
  else cli.out.write(`Now using lab ${lab.name} (context ${lab.context}, ${lab.state}). Commands without --name or --context aim at it.\n`);
  return EXIT_OK;
}

const LABS_USAGE = `Usage: meshdeck labs [--json]
       meshdeck labs use NAME | --context NAME [--json]

Lists the labs this data folder knows: the current one (marked *) is what commands aim at
without --name or --context. \`labs use\` makes another one current.

Options:
  --context NAME   (with use) a lab on a cluster of your kubeconfig
  --json           print JSON: \`labs\` a list of {"name", "context", "provider", "state"
                   (running|unreachable|absent), "current", "bookinfoUrl"?, "problem"?, …};
                   \`labs use\` that one lab`;

export const labsCommand: Command = {
  usage: LABS_USAGE,
  async run(args, cli) {
    const { values, positionals } = parseFlags(args, { context: { type: 'string' }, json: { type: 'boolean' } }, 'labs', true);
    if (values.help) return help(cli, LABS_USAGE);
    const json = values.json === true;
    const [verb, name, ...extra] = positionals;
    if (verb === undefined) {
      if (values.context !== undefined) throw new AppError('INVALID_ARGUMENT', '--context goes with `meshdeck labs use --context NAME`. Run meshdeck labs --help.');
      return cli.session({}, (client) => listLabs(client, json, cli));
    }
    if (verb !== 'use') throw new AppError('INVALID_ARGUMENT', `Unknown labs subcommand "${verb}": use \`meshdeck labs\` or \`meshdeck labs use NAME\`.`);
    if (extra.length > 0) throw new AppError('INVALID_ARGUMENT', `unexpected argument "${extra[0]}". Run meshdeck labs --help.`);
    if (name === undefined && values.context === undefined) throw new AppError('INVALID_ARGUMENT', 'Name the lab to use: `meshdeck labs use NAME` or `meshdeck labs use --context NAME` (see `meshdeck labs`).');
    const selector = { ...(name !== undefined ? { name } : {}), ...(values.context !== undefined ? { context: values.context } : {}) };
    return cli.session({}, (client) => useLab(selector, client, json, cli));
  },
};
