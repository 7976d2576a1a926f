// `meshdeck logs -f` when the lab's cluster goes away under it: the follow retries for a bounded
// time (the core's 30 s), then the command ends with the reason on stderr and exit 1, like
// kubectl, instead of reconnecting forever. The world's API server is held down meanwhile.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runLogsCommand } from '../../core/cli/logs-command';
import { describeWithIstioReference } from '../support/reference-suite';
import { startWorldLab, type WorldLab } from '../support/world-lab';

describeWithIstioReference('meshdeck logs -f after the cluster is gone', () => {
  let lab: WorldLab;

  beforeAll(async () => {
    lab = await startWorldLab();
  });

  afterAll(async () => {
    await lab?.stop();
  });

  it('ends with the reason and exit 1 once the API server has not answered for the bound', { timeout: 90_000 }, async () => {
    const out = new PassThrough();
    const err = new PassThrough();
    let stderr = '';
    out.resume();
    err.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const finished = runLogsCommand(['deploy/reviews-v1', '-f', '--tail=0'], { env: lab.env, out, err, signal: new AbortController().signal });
    await vi.waitFor(() => expect(lab.world.openLogStreams()).toBeGreaterThan(0), { timeout: 10_000 });
    let code: number | undefined;
    await lab.world.restartApiServer(async () => {
      code = await finished;
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/meshdeck logs: Following the log of reviews-v1-\S+ ended: the API server \(\S+\) has not answered for \d+ s, so the lab's cluster is gone or stopped\./);
  });
});
