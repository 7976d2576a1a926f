// `meshdeck logs` the way the CLI runs it: no clients handed in, only the environment, so it
// finds the user's lab (MESHDECK_HOME) and reads Bookinfo there, or the --context named.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runLogsCommand } from '../../core/cli/logs-command';
import { describeWithIstioReference } from '../support/reference-suite';
import { startWorldLab, type WorldLab } from '../support/world-lab';

async function run(words: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  err.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const code = await runLogsCommand(words, { env, out, err, signal: new AbortController().signal });
  return { code, stdout, stderr };
}

describeWithIstioReference('meshdeck logs on the lab', () => {
  let lab: WorldLab;

  beforeAll(async () => {
    lab = await startWorldLab();
  });

  afterAll(async () => {
    await lab?.stop();
  });

  it('reads Bookinfo in the lab it remembers, all of a workload prefixed', async () => {
    const pod = lab.world.store.list('/pods', lab.namespace).find((p) => p.metadata.labels?.['app'] === 'productpage')?.metadata.name ?? '';
    lab.world.writeLog(lab.namespace, pod, 'productpage', 'GET /productpage from the test');
    const result = await run(['deploy/productpage-v1', '--tail=1'], lab.env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`[pod/${pod}/productpage] GET /productpage from the test\n`);
  });

  it('uses the context named by --context, and says so when it does not exist', async () => {
    const named = await run(['deploy/ratings-v1', '-c', 'istio-proxy', '--tail=1', '--context', lab.context, '--prefix=false'], lab.env);
    expect(named.code).toBe(0);
    expect(named.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    const missing = await run(['deploy/ratings-v1', '--context', 'kind-nowhere'], lab.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('kind-nowhere');
  });
});
