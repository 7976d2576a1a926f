// The commands' outcomes in-process, over a real core with a stand-in lab: Ctrl+C is 130 in
// every command (a task cancelled, a [y/N] left, a call abandoned, a traffic run stopped with
// its real time), `down` lists what goes before it asks, and the lab's status is one object in
// `up --json` and `status --json`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type LabRemovalInfo, type TaskInfo } from '../contract';
import type { TaskManager } from '../tasks';
import { labStatus, labSummary, runInProcess, startInProcess, type FakeLab, type Running } from '../../test/cli/cli-harness';
import { withListAdvice } from './shift-command';

const removal: LabRemovalInfo = { name: 'sig', context: 'kind-sig', provider: 'kind', deletesCluster: true, items: ['the kind cluster sig and everything in it'], kept: ['your own kubeconfig'] };

/** A task that runs until it is cancelled. */
function untilCancelled(tasks: TaskManager, kind: TaskInfo['kind']): TaskInfo {
  return tasks.start(kind, 'Stand-in', (context) => new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason as Error))));
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

async function interruptWhen(running: Running, ready: () => Promise<void>): Promise<void> {
  await ready();
  running.abort('interrupt');
}

describe('Ctrl+C: exit 130 in every command', () => {
  it('up: cancels the task and names the command that continues this lab', async () => {
    const running = startInProcess(['up', '--name', 'sig', '--http-port', '9080'], { lab: (tasks) => ({ upWith: () => untilCancelled(tasks, 'lab-up') }) });
    await interruptWhen(running, async () => void (await new Promise((resolve) => setTimeout(resolve, 20))));
    const result = await running.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Cancelled. Run `meshdeck up --name sig --http-port 9080` to continue where it stopped.');
  });

  it('up --context X --json: the outcome says cancelled', async () => {
    const running = startInProcess(['up', '--context', 'team-a', '--json'], { lab: (tasks) => ({ upWith: () => untilCancelled(tasks, 'lab-up') }) });
    await interruptWhen(running, () => new Promise((resolve) => setTimeout(resolve, 20)));
    const result = await running.done;
    expect(result.code).toBe(130);
    expect(JSON.parse(result.stdout)).toEqual({ state: 'cancelled' });
  });

  it.each([
    [['down', '--name', 'sig']],
    [['reset', '--name', 'sig']],
  ])('%j: Ctrl+C at the [y/N] question changes nothing', async (argv) => {
    const running = startInProcess(argv, { tty: true, lab: () => ({ removal: async () => removal }) });
    await interruptWhen(running, () => running.err.until(/\[y\/N\] $/));
    const result = await running.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Nothing was changed (Ctrl+C).');
    expect(result.stderr).not.toContain('unexpected');
    expect(result.labCalls.filter((call) => call === 'down' || call === 'reset')).toEqual([]);
  });

  it.each([
    [['status'], { status: never }],
    [['labs'], { list: never }],
    [['labs', 'use', 'sig'], { select: never }],
    [['logs', 'deploy/web', '-f'], { target: never }],
    [['down', '--yes'], { removal: never }],
  ] as [string[], ReturnType<FakeLab>][])('%j: a call in flight is abandoned', async (argv, lab) => {
    const running = startInProcess(argv, { lab: () => lab });
    await interruptWhen(running, () => new Promise((resolve) => setTimeout(resolve, 20)));
    expect((await running.done).code).toBe(130);
  });

  it('logs: a reader that went away (| head) ends quietly with 0', async () => {
    const running = startInProcess(['logs', 'deploy/web', '-f'], { lab: () => ({ target: never }) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    running.abort('closed');
    const result = await running.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('traffic: stops on Ctrl+C with the time it really ran', () => {
  let server: Server;
  let url: string;
  const lab: FakeLab = () => ({ status: async () => labStatus('meshdeck', true), target: async () => ({ kubeconfigPath: '/nonexistent/kubeconfig', context: 'kind-meshdeck', namespace: 'default', bookinfoUrl: url }) });

  beforeAll(async () => {
    server = createServer((_, response) => response.end('<html>Simple Bookstore App</html>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/productpage`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('prints the summary of what it sent, for the elapsed time, and exits 130', async () => {
    const running = startInProcess(['traffic', '--rps', '50', '--duration', '600'], { lab });
    await interruptWhen(running, async () => {
      await running.err.until(/Sending 50 requests\/s/);
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const result = await running.done;
    expect(result.code).toBe(130);
    const [, requests, seconds] = /^(\d+) requests in ([\d.]+) s/m.exec(result.stdout) ?? [];
    expect(Number(requests)).toBeGreaterThan(0);
    expect(Number(seconds)).toBeLessThan(600);
  });

  it('--json: state stopped, elapsedSeconds beside the planned duration', async () => {
    const running = startInProcess(['traffic', '--rps', '50', '--duration', '600', '--json'], { lab });
    await interruptWhen(running, () => running.err.until(/Sending/));
    const result = await running.done;
    expect(result.code).toBe(130);
    const printed = JSON.parse(result.stdout) as { state: string; durationSeconds: number; elapsedSeconds: number; totals: { requests: number } };
    expect(printed).toMatchObject({ state: 'stopped', durationSeconds: 600 });
    expect(printed.elapsedSeconds).toBeLessThan(600);
  });
});

describe('down: lists what goes, then asks', () => {
  const answering = (answer: string) => async (argv: string[]) => {
    const downs: unknown[] = [];
    const running = startInProcess(argv, {
      tty: true,
      lab: (tasks) => ({ removal: async () => removal, down: (selector) => (downs.push(selector), tasks.start('lab-down', 'Delete the lab', async () => undefined)) }),
    });
    await running.err.until(/\[y\/N\] $/);
    running.stdin.write(`${answer}\n`);
    return { result: await running.done, downs };
  };

  it('"n": nothing deleted, exit 1', async () => {
    const { result, downs } = await answering('n')(['down', '--name', 'sig']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  - the kind cluster sig and everything in it\nIt keeps:\n  - your own kubeconfig');
    expect(result.stdout).toContain('Nothing deleted.');
    expect(downs).toEqual([]);
  });

  it('"y": deletes the lab named, exit 0', async () => {
    const { result, downs } = await answering('y')(['down', '--context', 'team-a']);
    expect(result.code).toBe(0);
    expect(downs).toEqual([{ context: 'team-a' }]);
  });

  it('--yes --json: the list on stderr, the outcome on stdout', async () => {
    const result = await runInProcess(['down', '--yes', '--name', 'sig', '--json'], { lab: (tasks) => ({ removal: async () => removal, down: () => tasks.start('lab-down', 'Delete the lab', async () => undefined) }) });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('the kind cluster sig and everything in it');
    expect(JSON.parse(result.stdout)).toEqual({ state: 'succeeded', removal });
  });

  it('end of input at the question is a no', async () => {
    const running = startInProcess(['down'], { tty: true, lab: () => ({ removal: async () => removal }) });
    await running.err.until(/\[y\/N\] $/);
    running.stdin.end();
    expect((await running.done).code).toBe(1);
  });
});

describe('one shape for the same thing', () => {
  const ready = labStatus('sig', true);

  it('the lab is the same LabStatusInfo in up --json and status --json; a failure is {state, error}', async () => {
    const up = await runInProcess(['up', '--name', 'sig', '--json'], { lab: (tasks) => ({ upWith: () => tasks.start('lab-up', 'Create', async () => ({ kind: 'lab', status: ready })) }) });
    const status = await runInProcess(['status', '--name', 'sig', '--json'], { lab: () => ({ status: async () => ready }) });
    expect(up.code).toBe(0);
    expect(status.code).toBe(0);
    expect(JSON.parse(up.stdout)).toEqual({ state: 'succeeded', status: JSON.parse(status.stdout) });

    const failed = await runInProcess(['up', '--name', 'sig', '--json'], {
      lab: (tasks) => ({
        upWith: () => tasks.start('lab-up', 'Create', async () => Promise.reject(new AppError('DOCKER_NOT_RUNNING', 'Docker is not running: start Docker Desktop.'))),
        status: async () => labStatus('sig', false),
      }),
    });
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toEqual({ state: 'failed', error: { code: 'DOCKER_NOT_RUNNING', message: 'Docker is not running: start Docker Desktop.' }, status: labStatus('sig', false) });
  });

  it('labs: a table with the current lab marked, or the LabSummaryInfo list as JSON', async () => {
    const labs = [labSummary('meshdeck', true), labSummary('sig', false, 'absent')];
    const table = await runInProcess(['labs'], { lab: () => ({ list: async () => labs }) });
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^CURRENT\s+NAME\s+CONTEXT\s+STATE\s+BOOKINFO URL$/);
    expect(table.stdout).toMatch(/^\*\s+meshdeck\s+kind-meshdeck\s+running\s+http:\/\/127\.0\.0\.1:8080\/productpage$/m);
    expect(table.stdout).toMatch(/^\s+sig\s+kind-sig\s+absent/m);
    const json = await runInProcess(['labs', '--json'], { lab: () => ({ list: async () => labs }) });
    expect(JSON.parse(json.stdout)).toEqual(labs);
  });

  it('labs use NAME | --context NAME selects that lab', async () => {
    const picked: unknown[] = [];
    const lab: FakeLab = () => ({ select: async (selector) => (picked.push(selector), labSummary('sig', true)) });
    expect((await runInProcess(['labs', 'use', 'sig'], { lab })).stdout).toContain('Now using lab sig (context kind-sig, running)');
    expect(JSON.parse((await runInProcess(['labs', 'use', '--context', 'kind-sig', '--json'], { lab })).stdout)).toEqual(labSummary('sig', true));
    expect(picked).toEqual([{ name: 'sig' }, { context: 'kind-sig' }]);
  });
});

describe('advice names commands that exist', () => {
  it('a service that is not there: `meshdeck shift` lists them', () => {
    const error = withListAdvice(new AppError('NOT_FOUND', 'There is no service "nope" in namespace default. (`meshdeck traffic --services`)', { service: 'nope', namespace: 'default' })) as AppError;
    expect(error.message).toBe('There is no service "nope" in namespace default. Run `meshdeck shift` to list the services with versions.');
    const elsewhere = withListAdvice(new AppError('NOT_FOUND', 'x', { service: 'nope', namespace: 'shop' })) as AppError;
    expect(elsewhere.message).toContain('(`meshdeck shift -n shop`)');
  });
});
