// env.sh as bash reads it: every variable set, PATH order, quoting of odd folder names.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { envScript } from './env-script.js';

const run = promisify(execFile);

describe('envScript', () => {
  it('sets the workstation variables, stand-ins first on PATH, and survives quotes in paths', async () => {
    const dir = "/tmp/it's here";
    const script = envScript({
      dir, mirrorUrl: 'http://127.0.0.1:4100', meshdeckHome: `${dir}/home`, worldState: `${dir}/state`, kubeconfig: `${dir}/kubeconfig`,
      standInBin: '/repo/test/world/bin', nodeBin: '/opt/node/bin', kubectlBin: '/cache/kubectl', meshdeckEntry: '/repo/bin/meshdeck.mjs',
      apiServerKubeconfig: `${dir}/api-server/kubeconfig`,
    });
    // PATH is set inside the shell: some hosts' bash start-up adds folders of its own.
    const probe = `PATH=/usr/bin:/bin\n${script}\nprintf '%s\\n' "$MESHDECK_MIRROR" "$MESHDECK_HOME" "$MESHDECK_WORLD_STATE" "$KUBECONFIG" "$PATH" "$MESHDECK_WORLD_API_KUBECONFIG"; type meshdeck | head -1`;
    const { stdout } = await run('bash', ['-c', probe], { env: { PATH: '/usr/bin:/bin' } });
    expect(stdout.split('\n')).toEqual([
      'http://127.0.0.1:4100', `${dir}/home`, `${dir}/state`, `${dir}/kubeconfig`,
      '/repo/test/world/bin:/opt/node/bin:/usr/bin:/bin:/cache/kubectl', `${dir}/api-server/kubeconfig`,
      'meshdeck is a function', '',
    ]);
  });
});
