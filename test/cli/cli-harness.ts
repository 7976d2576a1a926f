// Runs `meshdeck` command lines in this process, as the built CLI would run them (main() with a
// CliContext), against a real core (createCore, face cli) whose lab is a stand-in the test
// writes: captured stdout/stderr, a stdin that can be a terminal, a Ctrl+C the test presses, and
// an app log in memory. Fast enough for a table of every command's failure modes.
import { PassThrough } from 'node:stream';
import { AppError, type LabStatusInfo, type LabSummaryInfo } from '../../core/contract';
import { createCore } from '../../core/app';
import type { CoreOptions } from '../../core/app/create-core';
import type { LabServiceWithRequests } from '../../core/lab';
import type { TaskManager } from '../../core/tasks';
import type { AppLog } from '../../core/cli/app-log';
import type { CliContext } from '../../core/cli/cli-context';
import { sessionOf, unexpectedErrorReporter } from '../../core/cli/cli-session';
import { main } from '../../core/cli/main';
import { capture, type Captured } from '../support/captured-stream';

export type { Captured } from '../support/captured-stream';

export type FakeLab = (tasks: TaskManager) => Partial<LabServiceWithRequests>;


export interface RunOptions {
  lab?: FakeLab;
  /** stdin is a terminal (the [y/N] question is asked). */
  tty?: boolean;
  env?: NodeJS.ProcessEnv;
  /** The offline kit's service (a real one on a test MESHDECK_HOME); default: the process environment's. */
  kit?: CoreOptions['kit'];
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
  log: string[];
  /** Which lab methods the core called, in order. */
  labCalls: string[];
}

export interface Running {
  out: Captured;
  err: Captured;
  stdin: PassThrough;
  /** Ctrl+C (reason interrupt) or a closed stdout (reason closed). */
  abort(reason: 'interrupt' | 'closed'): void;
  done: Promise<Result>;
}

function notHere(method: string) {
  return (): never => {
    throw new AppError('INTERNAL', `The stand-in lab has no ${method} in this test.`);
  };
}

/** The stand-in lab: what the test gave, and for every other method a loud refusal that fails the row. */
function labOf(fake: FakeLab | undefined, tasks: TaskManager, calls: string[]): LabServiceWithRequests {
  const given = fake?.(tasks) ?? {};
  const names = ['up', 'upWith', 'status', 'down', 'removal', 'list', 'select', 'reset', 'contexts', 'target'] as const;
  const lab = Object.fromEntries(
    names.map((name) => {
      const method = (given[name] ?? notHere(name)) as (...args: unknown[]) => unknown;
      return [name, (...args: unknown[]) => (calls.push(name), method(...args))];
    }),
  );
  return lab as unknown as LabServiceWithRequests;
}

export function startInProcess(argv: string[], options: RunOptions = {}): Running {
  const out = capture();
  const err = capture();
  const stdin: PassThrough & { isTTY?: boolean } = new PassThrough();
  if (options.tty) stdin.isTTY = true;
  const controller = new AbortController();
  const log: string[] = [];
  const labCalls: string[] = [];
  const appLog: AppLog = { path: '/data/logs/cli.log', write: (line) => void log.push(line) };
  const cli: CliContext = {
    out: out.stream,
    err: err.stream,
    stdin,
    env: options.env ?? {},
    signal: controller.signal,
    log: appLog,
    session: sessionOf((session) =>
      createCore({
        face: 'cli',
        dataDir: '/nonexistent/meshdeck',
        doctorDeps: notHere('doctorDeps'),
        lab: (tasks) => labOf(options.lab, tasks, labCalls),
        ...(options.kit ? { kit: options.kit } : {}),
        ...(session.context !== undefined ? { labSelector: { context: session.context } } : {}),
        onUnexpectedError: unexpectedErrorReporter(cli.env, appLog, err.stream),
      }),
    ),
  };
  const done = main(argv, cli).then((code) => ({ code, stdout: out.text(), stderr: err.text(), log, labCalls }));
  return { out, err, stdin, abort: (reason) => controller.abort(reason), done };
}

export function runInProcess(argv: string[], options: RunOptions = {}): Promise<Result> {
  return startInProcess(argv, options).done;
}

const dashboards = { grafana: 'http://grafana.local:8080/', kiali: 'http://kiali.local:8080/', tracing: 'http://tracing.local:8080/', prometheus: 'http://prometheus.local:8080/' };

export function labStatus(name: string, exists: boolean): LabStatusInfo {
  return {
    exists,
    name,
    context: `kind-${name}`,
    provider: 'kind',
    istio: [],
    bookinfo: [],
    addons: [],
    urls: { bookinfo: 'http://127.0.0.1:8080/productpage', dashboards },
    ...(exists ? { istioVersion: '1.30.5' } : { problem: { code: 'CLUSTER_NOT_FOUND', message: `There is no kind cluster ${name}.` } }),
  };
}

export function labSummary(name: string, current: boolean, state: LabSummaryInfo['state'] = 'running'): LabSummaryInfo {
  return { name, context: `kind-${name}`, provider: 'kind', state, current, httpPort: 8080, bookinfoUrl: 'http://127.0.0.1:8080/productpage' };
}
