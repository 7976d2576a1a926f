// A client of a stand-in workshop core, at the contract level: the test answers each method, task
// methods answer a TaskRef and then a `task:update` carrying the workshop result, as the core does.
// Runs `main()` with it, so a command is read, called and printed as the built CLI would.
import { PassThrough } from 'node:stream';
import { AppError, type Client, type TaskInfo, type WorkshopMethodResults, type WorkshopTaskResultInfo } from '../../core/contract';
import type { CliContext } from '../../core/cli/cli-context';
import { main } from '../../core/cli/main';
import { capture } from '../support/captured-stream';

type TaskMethod = 'workshop.start' | 'workshop.check' | 'workshop.solve' | 'workshop.reset';
type Answer = (params: Record<string, unknown>) => unknown;

export interface FakeWorkshop {
  /** Plain methods: their result (or throw). */
  answers?: Partial<Record<Exclude<keyof WorkshopMethodResults, TaskMethod>, Answer>>;
  /** Task methods: the workshop result the task ends with, or an Error for a failed task. */
  tasks?: Partial<Record<TaskMethod, (params: Record<string, unknown>) => WorkshopTaskResultInfo | AppError>>;
}

export interface FakeRun {
  code: number;
  stdout: string;
  stderr: string;
  calls: { method: string; params: Record<string, unknown> }[];
}

function fakeClient(fake: FakeWorkshop, calls: FakeRun['calls']): Client {
  const listeners = new Set<(task: TaskInfo) => void>();
  let next = 0;
  const call = async (method: string, params: Record<string, unknown>): Promise<unknown> => {
    calls.push({ method, params });
    const task = fake.tasks?.[method as TaskMethod];
    if (task) {
      const id = `task-${++next}`;
      const outcome = task(params);
      const ended: TaskInfo = { id, kind: 'doctor', title: method, state: outcome instanceof AppError ? 'failed' : 'succeeded', step: 'Done', percent: 100, logSeq: 0, startedAt: '2026-12-02T19:00:00.000Z' };
      if (outcome instanceof AppError) ended.error = outcome.toInfo();
      else (ended as unknown as { result: WorkshopTaskResultInfo }).result = outcome;
      setTimeout(() => listeners.forEach((listener) => listener(ended)), 0);
      return { taskId: id };
    }
    const answer = (fake.answers as Record<string, Answer | undefined> | undefined)?.[method];
    if (!answer) throw new AppError('INTERNAL', `The stand-in workshop has no ${method} in this test.`);
    return answer(params);
  };
  const on = (name: string, listener: (task: TaskInfo) => void) => {
    if (name !== 'task:update') return () => undefined;
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return { call, on } as unknown as Client;
}

export async function runWorkshop(argv: string[], fake: FakeWorkshop = {}, options: { tty?: boolean } = {}): Promise<FakeRun> {
  const out = capture();
  const err = capture();
  const stdin: PassThrough & { isTTY?: boolean } = new PassThrough();
  if (options.tty) stdin.isTTY = true;
  const calls: FakeRun['calls'] = [];
  const client = fakeClient(fake, calls);
  const cli: CliContext = {
    out: out.stream,
    err: err.stream,
    stdin,
    env: {},
    signal: new AbortController().signal,
    log: { path: '/data/logs/cli.log', write: () => undefined },
    session: (_options, work) => work(client),
  };
  const code = await main(['workshop', ...argv], cli);
  return { code, stdout: out.text(), stderr: err.text(), calls };
}
