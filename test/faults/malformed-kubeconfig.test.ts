// Fault: the user's kubeconfig is not YAML. What the user sees from `meshdeck status --context x`
// and `meshdeck up --context x`: INVALID_ARGUMENT naming the file, saying how to go on, no stack
// trace, exit code 1; and the file is left exactly as it was.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCliAsync } from '../support/built-cli';

describe('fault: a malformed user kubeconfig', () => {
  let dir: string;
  let kubeconfig: string;
  let env: NodeJS.ProcessEnv;
  let hash: string;
  const hashOf = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

  beforeAll(async () => {
    assertBuilt();
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-fault-kubeconfig-'));
    kubeconfig = join(dir, 'config');
    await writeFile(kubeconfig, 'apiVersion: v1\nclusters: [ {name: team\n  this: is: not yaml\n\t- {\n', { mode: 0o600 });
    hash = await hashOf(kubeconfig);
    env = { KUBECONFIG: kubeconfig, MESHDECK_HOME: join(dir, 'home') };
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function expectTheAdvice(message: string | undefined): void {
    expect(message).toContain(kubeconfig);
    expect(message).toMatch(/fix it|point KUBECONFIG at another file/);
    expect(message).not.toMatch(/\n\s+at /);
  }

  it('status --context x: INVALID_ARGUMENT naming the file, exit 1, the file untouched', async () => {
    const json = await runCliAsync(['status', '--context', 'x', '--json'], env);
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout) as { exists: boolean; problem?: { code: string; message: string } };
    expect(report.exists).toBe(false);
    expect(report.problem?.code).toBe('INVALID_ARGUMENT');
    expectTheAdvice(report.problem?.message);

    const text = await runCliAsync(['status', '--context', 'x'], env);
    expect(text.status).toBe(1);
    expectTheAdvice(text.stdout + text.stderr);
    expect(await hashOf(kubeconfig)).toBe(hash);
  });

  it('up --context x: fails with INVALID_ARGUMENT before touching the cluster, the file untouched', async () => {
    const json = await runCliAsync(['up', '--context', 'x', '--json'], env);
    expect(json.status).toBe(1);
    const outcome = JSON.parse(json.stdout) as { state: string; error?: { code: string; message: string; details?: Record<string, unknown> } };
    expect(outcome.state).toBe('failed');
    expect(outcome.error?.code).toBe('INVALID_ARGUMENT');
    expect(outcome.error?.details?.['kubeconfig']).toBe(kubeconfig);
    expectTheAdvice(outcome.error?.message);

    const text = await runCliAsync(['up', '--context', 'x'], env);
    expect(text.status).toBe(1);
    expectTheAdvice(text.stderr);
    expect(await hashOf(kubeconfig)).toBe(hash);
  });
});
