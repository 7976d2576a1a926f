// `meshdeck workshop …`: lesson packs from a terminal, through the workshop contract
// (workshop.packs / pack / lesson / hint / start / check / solve / reset / validate). This file
// reads the words and prints; packs, checks and progress live in the core. Every request is
// checked against the contract before a lab is asked (bad words: exit 2).

import { dirname } from 'node:path';
import { AppError, type Client, type TaskInfo } from '../contract';
import type { CliContext, Command } from './cli-context';
import { confirm } from './confirm';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, unlessInterrupted } from './exit-codes';
import { checkLabSelector } from './flag-names';
import { followTask } from './follow-task';
import { taskOutcome, writeJson } from './json-output';
import { help, taskError, taskExitCode } from './lab-commands';
import { parseFlags } from './parse-flags';
import { PlanView } from './plan-view';
import { actionResultOf, callWorkshop, checkResultOf, checkWorkshopParams, packRefOf } from './workshop-client';
import { formatAction, formatCheck, formatLesson, formatPack, formatPacks, formatProblems, formatValid } from './workshop-format';
import { runAllCommand } from './workshop-run-all';
import { WORKSHOP_USAGE } from './workshop-usage';

const BASE = { pack: { type: 'string' }, context: { type: 'string' }, json: { type: 'boolean' } } as const;
const TASK = { ...BASE, task: { type: 'string' } } as const;
const RESET = { ...BASE, all: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' } } as const;

interface Words {
  values: { pack?: string; context?: string; json?: boolean; task?: string; all?: boolean; yes?: boolean };
  /** The pack as the core names it (an existing folder made absolute), when --pack was given. */
  pack?: string;
  lesson?: string;
}

interface Subcommand {
  flags: typeof BASE | typeof TASK | typeof RESET;
  /** LESSON (or PACK) is required, optional, or not taken. */
  word: 'required' | 'optional' | 'none';
  run(words: Words, client: Client, cli: CliContext): Promise<number>;
}

function usageError(message: string): AppError {
  return new AppError('INVALID_ARGUMENT', `${message} Run meshdeck workshop --help to see what to type.`);
}

const refOf = (words: Words) => (words.pack === undefined ? {} : { pack: words.pack });

/** Progress of a task on stdout, or on stderr when stdout carries JSON. */
function follow(client: Client, cli: CliContext, json: boolean, start: () => ReturnType<typeof callWorkshop<'workshop.start'>>): Promise<TaskInfo> {
  const view = new PlanView(json ? { write: (line: string) => cli.err.write(line), isTTY: false } : cli.out);
  return followTask(client, start, { onUpdate: (task) => view.update(task), interrupt: cli.signal }).then((ended) => (view.finish(ended), ended));
}

/** The end of start, solve or reset: what changed, or why it did not. */
function reportAction(ended: TaskInfo, json: boolean, cli: CliContext): number {
  const action = actionResultOf(ended);
  const error = taskError(ended);
  if (json) writeJson(cli.out, { ...taskOutcome(ended), ...(error ? { error } : {}), ...(action ? { action } : {}) });
  else if (action) cli.out.write(`${formatAction(action)}\n`);
  else if (error) cli.err.write(`meshdeck: ${error.message}\n`);
  return taskExitCode(ended);
}

async function check(words: Words, client: Client, cli: CliContext): Promise<number> {
  const json = words.values.json === true;
  const ended = await follow(client, cli, json, () => callWorkshop(client, 'workshop.check', { ...refOf(words), ...(words.lesson ? { lesson: words.lesson } : {}) }));
  const result = checkResultOf(ended);
  const error = taskError(ended);
  if (json) writeJson(cli.out, { ...taskOutcome(ended), ...(error ? { error } : {}), ...(result ? { check: result } : {}) });
  else if (result) cli.out.write(`${formatCheck(result)}\n`);
  else if (error) cli.err.write(`meshdeck: ${error.message}\n`);
  if (ended.state !== 'succeeded') return taskExitCode(ended);
  return result?.passed === true ? EXIT_OK : EXIT_FAILURE;
}

/** What reset deletes, said before the question. */
async function resetWarning(words: Words, client: Client, cli: CliContext): Promise<string> {
  const pack = await unlessInterrupted(callWorkshop(client, 'workshop.pack', refOf(words)), cli.signal);
  const namespaces = pack.requires.namespaces.join(', ') || 'the lessons’ namespaces';
  const kinds = 'VirtualServices, DestinationRules, Gateways, ServiceEntries, Sidecars, PeerAuthentications, AuthorizationPolicies, RequestAuthentications and HTTPRoutes';
  const removal = `deletes, in ${namespaces} (and istio-system for mesh-wide security), the ${kinds} that neither the lab nor the pack's setup brings`;
  if (words.values.all === true) return `Resetting the workshop ${pack.id} ${removal}, puts Bookinfo's routing back as released and clears all progress. The cluster is kept.`;
  const lesson = words.lesson ?? pack.current;
  if (!lesson) throw usageError('No lesson is current: name one (meshdeck workshop reset LESSON) or reset everything with --all.');
  words.lesson = lesson;
  return `Resetting lesson ${lesson} ${removal}, runs its setup again and clears its progress.`;
}

async function reset(words: Words, client: Client, cli: CliContext): Promise<number> {
  const json = words.values.json === true;
  if (words.values.all === true && words.lesson !== undefined) throw usageError('reset takes LESSON or --all, not both.');
  const warning = await resetWarning(words, client, cli);
  if (words.values.yes !== true) {
    if (!(await confirm(cli, `${warning}\nGo ahead? [y/N] `, `${warning} Add --yes to confirm.`))) {
      if (json) writeJson(cli.out, { state: 'declined' });
      else cli.out.write('Nothing changed.\n');
      return EXIT_FAILURE;
    }
  } else if (!json) cli.out.write(`${warning}\n`);
  const request = { ...refOf(words), ...(words.values.all === true ? { all: true } : { lesson: words.lesson as string }) };
  return reportAction(await follow(client, cli, json, () => callWorkshop(client, 'workshop.reset', request)), json, cli);
}

/** `validate PACK`: exit 0 with a summary, or 2 with one line a problem. */
async function validate(words: Words, client: Client, cli: CliContext): Promise<number> {
  const path = packRefOf(words.lesson) as string;
  const outcome = await unlessInterrupted(callWorkshop(client, 'workshop.validate', { path }), cli.signal);
  if (words.values.json === true) writeJson(cli.out, outcome);
  else if (outcome.problems.length > 0) cli.err.write(`${formatProblems(outcome.problems, packDirOf(words.lesson as string))}\n${outcome.problems.length} problem(s); nothing was applied.\n`);
  else if (outcome.pack) cli.out.write(`${formatValid(outcome.pack)}\n`);
  return outcome.problems.length > 0 ? EXIT_USAGE : EXIT_OK;
}

function packDirOf(typed: string): string {
  return /\.ya?ml$/i.test(typed) ? dirname(typed) : typed;
}

function simple<R>(call: (words: Words, client: Client) => Promise<R>, text: (result: R, words: Words) => string): Subcommand['run'] {
  return async (words, client, cli) => {
    const result = await unlessInterrupted(call(words, client), cli.signal);
    if (words.values.json === true) writeJson(cli.out, result);
    else cli.out.write(`${text(result, words)}\n`);
    return EXIT_OK;
  };
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  list: {
    flags: BASE,
    word: 'none',
    run: (words, client, cli) =>
      words.pack === undefined ? simple(() => callWorkshop(client, 'workshop.packs', {}), formatPacks)(words, client, cli) : simple(() => callWorkshop(client, 'workshop.pack', refOf(words)), formatPack)(words, client, cli),
  },
  show: { flags: BASE, word: 'required', run: simple((w, c) => callWorkshop(c, 'workshop.lesson', { ...refOf(w), lesson: w.lesson as string }), formatLesson) },
  hint: {
    flags: TASK,
    word: 'optional',
    run: simple(
      (w, c) => callWorkshop(c, 'workshop.hint', { ...refOf(w), ...(w.lesson ? { lesson: w.lesson } : {}), ...(w.values.task ? { task: w.values.task } : {}) }),
      (h) => `Hint for ${h.lesson} / ${h.task}:\n\n${h.hint.trimEnd()}`,
    ),
  },
  start: {
    flags: BASE,
    word: 'required',
    run: async (w, c, cli) => reportAction(await follow(c, cli, w.values.json === true, () => callWorkshop(c, 'workshop.start', { ...refOf(w), lesson: w.lesson as string })), w.values.json === true, cli),
  },
  solve: {
    flags: TASK,
    word: 'required',
    run: async (w, c, cli) =>
      reportAction(await follow(c, cli, w.values.json === true, () => callWorkshop(c, 'workshop.solve', { ...refOf(w), lesson: w.lesson as string, ...(w.values.task ? { task: w.values.task } : {}) })), w.values.json === true, cli),
  },
  check: { flags: BASE, word: 'optional', run: check },
  reset: { flags: RESET, word: 'optional', run: reset },
  validate: { flags: BASE, word: 'optional', run: validate },
  'run-all': { flags: BASE, word: 'none', run: (w, c, cli) => runAllCommand(c, cli, w.pack, w.values.json === true) },
};

/** The words of one subcommand, checked (exit 2 with what to type) before any lab is asked. */
export function workshopWords(name: string, args: readonly string[]): Words {
  const sub = SUBCOMMANDS[name] as Subcommand;
  const { values, positionals } = parseFlags(args, sub.flags, `workshop ${name}`, true);
  const v = values as Words['values'];
  if (name === 'validate' && positionals.length === 0 && v.pack !== undefined) positionals.push(v.pack);
  const word = name === 'validate' ? 'PACK' : 'LESSON';
  if (positionals.length === 0 && (sub.word === 'required' || name === 'validate')) throw usageError(`workshop ${name} needs a ${word}, e.g. meshdeck workshop ${name} ${name === 'validate' ? './my-pack' : 'request-routing'}.`);
  if (positionals.length > (sub.word === 'none' ? 0 : 1)) throw usageError(`unexpected argument "${positionals[sub.word === 'none' ? 0 : 1] as string}".`);
  if (v.context !== undefined) checkLabSelector({ context: v.context });
  const pack = name === 'validate' ? undefined : packRefOf(v.pack);
  const words: Words = { values: v, ...(pack !== undefined ? { pack } : {}), ...(positionals[0] !== undefined ? { lesson: positionals[0] } : {}) };
  if (name !== 'validate') checkWorkshopParams('workshop.hint', { ...refOf(words), ...(words.lesson ? { lesson: words.lesson } : {}), ...(v.task !== undefined ? { task: v.task } : {}) });
  else checkWorkshopParams('workshop.validate', { path: words.lesson as string });
  return words;
}

/** A pack folder given with --pack is validated first: a malformed one is refused with its problems (exit 2), nothing applied. */
async function refuseIfInvalid(words: Words, client: Client, cli: CliContext): Promise<number | undefined> {
  if (words.pack === undefined || words.pack === words.values.pack) return undefined;
  const outcome = await unlessInterrupted(callWorkshop(client, 'workshop.validate', { path: words.pack }), cli.signal);
  if (outcome.problems.length === 0) return undefined;
  if (words.values.json === true) writeJson(cli.out, { error: { code: 'INVALID_ARGUMENT', message: `${words.values.pack as string} is not a valid lesson pack.` }, problems: outcome.problems });
  else cli.err.write(`${formatProblems(outcome.problems, packDirOf(words.values.pack as string))}\n${outcome.problems.length} problem(s) in ${words.values.pack as string}; nothing was applied.\n`);
  return EXIT_USAGE;
}

export const workshopCommand: Command = {
  usage: WORKSHOP_USAGE,
  async run(args, cli) {
    const [name, ...rest] = args;
    if (name === undefined || name === '-h' || name === '--help' || name === 'help') return help(cli, WORKSHOP_USAGE);
    if (!Object.hasOwn(SUBCOMMANDS, name)) throw usageError(`"${name}" is not a workshop subcommand: type list, show, start, check, hint, solve, reset, validate or run-all.`);
    if (rest.includes('--help') || rest.includes('-h')) return help(cli, WORKSHOP_USAGE);
    const words = workshopWords(name, rest);
    const context = words.values.context;
    return cli.session(context !== undefined ? { context } : {}, async (client) => (await refuseIfInvalid(words, client, cli)) ?? (SUBCOMMANDS[name] as Subcommand).run(words, client, cli));
  },
};
