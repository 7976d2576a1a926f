// The cross-process `up` guard, in-process: while another live process holds <dataDir>/lab-up.lock,
// `up` shows "Another meshdeck up is running (pid N); waiting for it to finish" on its first step
// and changes nothing; cancelling it then is CANCELLED with a message saying nothing was changed.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../core/contract';
import { createDoctorDeps } from '../../core/doctor';
import { createLabService } from '../../core/lab';
import { TaskManager } from '../../core/tasks';

describe('fault: meshdeck up while another one runs', () => {
  let dir: string;
  let other: ChildProcess;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-fault-uplock-'));
    // Another process that is alive for the whole test, standing for the first `meshdeck up`.
    other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await mkdir(join(dir, 'home'), { recursive: true });
    await writeFile(join(dir, 'home', 'lab-up.lock'), `${other.pid}\n`);
  });

  afterAll(async () => {
    other?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('waits, saying which process it waits for; cancelled, it changed nothing', async () => {
    const listeners = new Set<(task: TaskInfo) => void>();
    const tasks = new TaskManager({ onUpdate: (task) => [...listeners].forEach((listener) => listener(task)) });
    const env = { ...process.env, MESHDECK_HOME: join(dir, 'home') };
    const lab = createLabService({
      tasks,
      dataDir: join(dir, 'home'),
      mirror: 'http://127.0.0.1:9',
      platform: 'linux',
      arch: 'x64',
      env,
      userKubeconfig: join(dir, 'user-kubeconfig'),
      doctorDeps: (ports) => createDoctorDeps(env, { ports }),
    });
    const untilTask = (id: string, done: (task: TaskInfo) => boolean) =>
      new Promise<TaskInfo>((resolve) => {
        const listener = (task: TaskInfo) => {
          if (task.id !== id || !done(task)) return;
          listeners.delete(listener);
          resolve(task);
        };
        listeners.add(listener);
      });

    const started = lab.upWith({ name: 'waiting' });
    const waiting = await untilTask(started.id, (task) => task.steps?.[0]?.detail.includes('Another meshdeck up is running') ?? false);
    expect(waiting.state).toBe('running');
    expect(waiting.steps?.[0]).toMatchObject({ id: 'preflight', state: 'running', detail: `Another meshdeck up is running (pid ${other.pid}); waiting for it to finish` });
    expect(waiting.steps?.slice(1).every((step) => step.state === 'pending')).toBe(true);

    const ended = untilTask(started.id, (task) => task.state !== 'running');
    tasks.cancel(started.id);
    const cancelled = await ended;
    expect(cancelled.state).toBe('cancelled');
    // Nothing changed: no lab remembered, the other process's lock left in place.
    expect(existsSync(join(dir, 'home', 'labs'))).toBe(false);
    expect(await readFile(join(dir, 'home', 'lab-up.lock'), 'utf8')).toBe(`${other.pid}\n`);
  });
});
