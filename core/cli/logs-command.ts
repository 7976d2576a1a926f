// `meshdeck logs <pod | deploy/NAME> [-c container] [-f] [--tail N] [--since D] [--timestamps]
// [--previous]`: kubectl logs' flags, spelled as kubectl (pflag) accepts them, over the core's
// logs.open / logs:batch / logs.ack / logs.close, as the app's log viewer. Lines go to `out` (a
// workload's prefixed `[pod/NAME/container] ` like `kubectl logs --prefix`), notices and drop
// markers to `err`; each batch is acknowledged only after `out` took it, so a slow reader
// throttles the stream instead of filling memory.
import { AppError, type Client, type LogBatchInfo, type LogOpenRequest, type LogSourceInfo } from '../contract';
import { parseLogTarget } from '../kube';
import { outputClosed, type Command, type OutStream, type Session } from './cli-context';
import { defaultSession } from './cli-session';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, unlessInterrupted } from './exit-codes';
import { fieldsAsFlags } from './flag-names';
import { errorJson, writeJsonLine } from './json-output';
import { parseIntegerFlag } from './numbers';

export interface LogsCommandDeps {
  out: OutStream;
  err: OutStream;
  /** Ctrl+C: the stream is closed and the command exits 130; reason "closed": stdout went away, exit 0. */
  signal: AbortSignal;
  /** A client of a core to use; without one, a core for the lab (or --context) comes from `session`. */
  client?: Client;
  /** How to get a core; default: one built from `env`. */
  session?: Session;
  env?: NodeJS.ProcessEnv;
}

export interface LogsArgs {
  target: string;
  namespace?: string;
  context?: string;
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  /** undefined: prefix workloads' lines only. */
  prefix?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** One JSON object per line: {"pod", "container", "text"}. */
  json?: boolean;
  help: boolean;
}

export const LOGS_USAGE = `Usage: meshdeck logs POD|TYPE/NAME [CONTAINER] [options]

Prints a container's log, like kubectl logs. TYPE/NAME of a workload (deploy, sts, ds) prints
all of its pods at once, each line prefixed with [pod/NAME/CONTAINER]; with -f, pods that start
later join. A broken connection is resumed without repeating lines.

Options:
  -c, --container NAME   the container (default: the pod's default container)
  -f, --follow           keep printing new lines
      --tail N           only the last N lines (per pod); -1 for all (default)
      --since DURATION   only lines newer than DURATION, e.g. 10s, 5m, 1h
      --timestamps       start each line with its RFC 3339 timestamp
  -p, --previous         the previous (terminated) instance of the container
      --prefix           prefix lines with [pod/NAME/CONTAINER] (default for workloads)
  -n, --namespace NAME   the namespace (default: the lab's Bookinfo namespace)
      --context NAME     a context of your kubeconfig instead of the lab's
      --json             one JSON object per line: {"pod", "container", "text"}; an error
                         as {"error": {"code", "message"}}

Exit codes: 0 done (or stdout closed), 1 the log could not be read (no such pod or container,
no previous instance), 2 bad options, 130 Ctrl+C.`;

const valueFlags = new Map<string, keyof LogsArgs>([
  ['c', 'container'],
  ['container', 'container'],
  ['n', 'namespace'],
  ['namespace', 'namespace'],
  ['context', 'context'],
  ['tail', 'tailLines'],
  ['since', 'sinceSeconds'],
]);

const boolFlags = new Map<string, 'follow' | 'previous' | 'timestamps' | 'prefix' | 'json' | 'help'>([
  ['f', 'follow'],
  ['follow', 'follow'],
  ['p', 'previous'],
  ['previous', 'previous'],
  ['timestamps', 'timestamps'],
  ['prefix', 'prefix'],
  ['json', 'json'],
  ['h', 'help'],
  ['help', 'help'],
]);

function invalid(message: string): AppError {
  return new AppError('INVALID_ARGUMENT', `${message}. See meshdeck logs --help.`);
}

const unitSeconds: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go's time.ParseDuration (what kubectl's --since takes), in seconds. */
export function parseGoDuration(text: string): number {
  const body = text.replace(/^[+-]/, '');
  if (body === '0') return 0;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  while (at < body.length) {
    part.lastIndex = at;
    const m = part.exec(body);
    if (!m) throw invalid(`invalid duration "${text}": use a number with a unit, e.g. 30s, 5m, 1h or 1h30m`);
    total += Number(m[1]) * (unitSeconds[m[2] ?? 's'] ?? 1);
    at = part.lastIndex;
  }
  if (body.length === 0) throw invalid(`invalid duration "${text}"`);
  return text.startsWith('-') ? -total : total;
}

function parseBool(flag: string, text: string): boolean {
  if (/^(1|t|true|T|TRUE|True)$/.test(text)) return true;
  if (/^(0|f|false|F|FALSE|False)$/.test(text)) return false;
  throw invalid(`invalid argument "${text}" for "${flag}": use true or false`);
}

function setValue(args: LogsArgs, flag: string, key: keyof LogsArgs, value: string): void {
  if (key === 'tailLines') {
    const n = parseIntegerFlag('--tail', value, { min: -1, max: 1_000_000, note: 'lines (-1 for all)' });
    if (n >= 0) args.tailLines = n;
    else delete args.tailLines;
    return;
  }
  if (key === 'sinceSeconds') {
    const seconds = parseGoDuration(value);
    if (!(seconds > 0)) throw invalid(`--since must be a positive duration, got "${value}"`);
    // kubectl rounds up to whole seconds.
    args.sinceSeconds = Math.ceil(seconds);
    return;
  }
  // '' is passed on: the contract refuses it, rather than it meaning the default.
  (args as unknown as Record<string, string>)[key] = value;
}

/** Reads the words after `logs` the way kubectl's flag parser does for these flags. */
export function parseLogsArgs(words: readonly string[]): LogsArgs {
  const args: LogsArgs = { target: '', follow: false, previous: false, timestamps: false, help: false };
  const positionals: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '--') {
      positionals.push(...words.slice(i + 1));
      break;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = word.slice(2, eq === -1 ? undefined : eq);
      const inline = eq === -1 ? undefined : word.slice(eq + 1);
      const flag = `--${name}`;
      const bool = boolFlags.get(name);
      if (bool) {
        args[bool] = inline === undefined ? true : parseBool(flag, inline);
        continue;
      }
      const key = valueFlags.get(name);
      if (!key || name.length === 1) throw invalid(`unknown flag: ${flag}`);
      const value = inline ?? words[++i];
      if (value === undefined) throw invalid(`flag needs an argument: ${flag}`);
      setValue(args, flag, key, value);
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      // A cluster of shorthands: booleans (-fp), then at most one that takes a value (-cNAME, -c NAME, -c=NAME).
      for (let j = 1; j < word.length; j++) {
        const letter = word[j] as string;
        const bool = boolFlags.get(letter);
        if (bool && letter.length === 1) {
          if (word[j + 1] === '=') {
            args[bool] = parseBool(`-${letter}`, word.slice(j + 2));
            break;
          }
          args[bool] = true;
          continue;
        }
        const key = valueFlags.get(letter);
        if (!key) throw invalid(`unknown shorthand flag: '${letter}' in ${word}`);
        let value = word.slice(j + 1);
        if (value.startsWith('=')) value = value.slice(1);
        else if (value === '') {
          const next = words[++i];
          if (next === undefined) throw invalid(`flag needs an argument: '${letter}' in -${letter}`);
          value = next;
        }
        setValue(args, `-${letter}`, key, value);
        break;
      }
      continue;
    }
    positionals.push(word);
  }
  if (args.help) return args;
  const [target, container, ...extra] = positionals;
  if (!target) throw invalid('name a pod or a workload, e.g. `meshdeck logs deploy/productpage-v1`');
  if (extra.length > 0) throw invalid(`unexpected arguments: ${extra.join(' ')}`);
  if (container !== undefined) {
    if (args.container !== undefined) throw invalid('only one of -c or an inline [CONTAINER] argument is allowed');
    args.container = container;
  }
  parseLogTarget(target);
  args.target = target;
  return args;
}

/** A batch's lines as the terminal shows them: prefixed per source, or one JSON object a line. */
function batchText(batch: LogBatchInfo, sources: LogSourceInfo[], prefix: boolean, json: boolean): string {
  let text = '';
  for (const chunk of batch.chunks) {
    const source = sources[chunk.source];
    if (json) {
      for (const line of chunk.text.split('\n')) text += `${JSON.stringify({ pod: source?.pod ?? '', container: source?.container ?? '', text: line })}\n`;
      continue;
    }
    const head = prefix && source ? `[pod/${source.pod}/${source.container}] ` : '';
    text += head ? `${head}${chunk.text.split('\n').join(`\n${head}`)}\n` : `${chunk.text}\n`;
  }
  return text;
}

/** Writes one batch; resolves when `out` has taken it (so the batch can be acknowledged). */
function writeBatch(batch: LogBatchInfo, sources: LogSourceInfo[], args: LogsArgs, prefix: boolean, deps: LogsCommandDeps): Promise<void> {
  if (batch.dropped) deps.err.write(`meshdeck logs: ${batch.dropped} lines dropped: the output could not keep up\n`);
  for (const notice of batch.notices ?? []) deps.err.write(`${notice}\n`);
  const text = batchText(batch, sources, prefix, args.json === true);
  if (text === '' || deps.out.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      deps.out.off('drain', done);
      deps.out.off('close', done);
      deps.signal.removeEventListener('abort', done);
      resolve();
    };
    deps.out.once('drain', done);
    deps.out.once('close', done);
    deps.signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * kubectl's exit codes: 2 for what was typed (our flags, the contract's refusal of a value), 1 for
 * a log that cannot be read as asked (no such pod or container, no previous instance: the API's
 * answer, even when it is INVALID_ARGUMENT), 130 for Ctrl+C.
 */
function logsExitCode(error: AppError, parsing: boolean): number {
  if (error.code === 'CANCELLED') return EXIT_INTERRUPTED;
  if (error.code !== 'INVALID_ARGUMENT') return EXIT_FAILURE;
  return parsing || error.details?.path !== undefined ? EXIT_USAGE : EXIT_FAILURE;
}

export async function runLogsCommand(words: string[], deps: LogsCommandDeps): Promise<number> {
  let parsing = true;
  const json = words.slice(0, words.includes('--') ? words.indexOf('--') : undefined).some((word) => word === '--json' || word === '--json=true');
  try {
    const args = parseLogsArgs(words);
    parsing = false;
    if (args.help) {
      deps.out.write(`${LOGS_USAGE}\n`);
      return EXIT_OK;
    }
    if (deps.client && args.context !== undefined) throw invalid('--context cannot be used here');
    if (deps.client) return await stream(args, deps.client, deps);
    const session = deps.session ?? defaultSession(deps.env ?? process.env, deps.err);
    return await session(args.context !== undefined ? { context: args.context } : {}, (client) => stream(args, client, deps));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'CANCELLED' && outputClosed(deps.signal)) return EXIT_OK;
    const said = new AppError(error.code, fieldsAsFlags(error.message), error.details);
    if (json) writeJsonLine(deps.out, errorJson(said));
    else deps.err.write(`meshdeck logs: ${said.message}\n`);
    return logsExitCode(error, parsing);
  }
}

function openRequest(args: LogsArgs): LogOpenRequest {
  return {
    target: args.target,
    ...(args.namespace !== undefined ? { namespace: args.namespace } : {}),
    ...(args.container !== undefined ? { container: args.container } : {}),
    follow: args.follow,
    previous: args.previous,
    timestamps: args.timestamps,
    ...(args.tailLines !== undefined ? { tailLines: args.tailLines } : {}),
    ...(args.sinceSeconds !== undefined ? { sinceSeconds: args.sinceSeconds } : {}),
  };
}

/** How a stream's end reads on the terminal: an error said (or as JSON), and its exit code. */
function reportEnd(ended: NonNullable<LogBatchInfo['ended']>, args: LogsArgs, deps: LogsCommandDeps): number {
  if (ended.reason !== 'error') return EXIT_OK;
  const message = ended.message ?? 'the log stream failed';
  if (args.json) writeJsonLine(deps.out, errorJson(new AppError('K8S_API', message)));
  else deps.err.write(`meshdeck logs: ${message}\n`);
  return EXIT_FAILURE;
}

/** Opens the stream and writes its batches in order, each acknowledged once written; resolves with the exit code. */
async function stream(args: LogsArgs, client: Client, deps: LogsCommandDeps): Promise<number> {
  const prefix = args.prefix ?? parseLogTarget(args.target).kind !== 'pod';
  const sources: LogSourceInfo[] = [];
  let streamId: string | undefined;
  let chain = Promise.resolve();
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const early: LogBatchInfo[] = [];
  const handle = (batch: LogBatchInfo): void => {
    if (batch.streamId !== streamId) return;
    chain = chain.then(async () => {
      sources.push(...(batch.sources ?? []));
      await writeBatch(batch, sources, args, prefix, deps);
      if (batch.ended) finish(reportEnd(batch.ended, args, deps));
      else await client.call('logs.ack', { streamId: batch.streamId, seq: batch.seq }).catch(() => undefined);
    });
  };
  // Batches can only arrive after logs.open answered, but keep any that race it, in order.
  const unsubscribe = client.on('logs:batch', (batch) => (streamId === undefined ? early.push(batch) : handle(batch)));
  const close = (code: number) => (): void => {
    if (streamId !== undefined) void client.call('logs.close', { streamId }).catch(() => undefined);
    finish(code);
  };
  // Ctrl+C is a stop (130); a reader that went away (`| head`) ends quietly.
  const stop = (): void => close(outputClosed(deps.signal) ? EXIT_OK : EXIT_INTERRUPTED)();
  const readerGone = close(EXIT_OK);
  deps.signal.addEventListener('abort', stop, { once: true });
  deps.out.once('error', readerGone);
  try {
    if (deps.signal.aborted) return outputClosed(deps.signal) ? EXIT_OK : EXIT_INTERRUPTED;
    const info = await unlessInterrupted(client.call('logs.open', openRequest(args)), deps.signal);
    streamId = info.streamId;
    sources.push(...info.sources);
    for (const batch of early.splice(0)) handle(batch);
    if (deps.signal.aborted) stop();
    const code = await finished;
    await chain;
    return code;
  } finally {
    deps.signal.removeEventListener('abort', stop);
    deps.out.off('error', readerGone);
    unsubscribe();
    if (streamId !== undefined) await client.call('logs.close', { streamId }).catch(() => undefined);
  }
}

export const logsCommandLine: Command = {
  usage: LOGS_USAGE,
  run: (args, cli) => runLogsCommand(args, { out: cli.out, err: cli.err, signal: cli.signal, session: cli.session, env: cli.env }),
};
