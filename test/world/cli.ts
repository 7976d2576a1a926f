// `npm run world -- --dir DIR [--no-api-server] [--mirror-port N] [--port N] [--realistic]
// [--token-auth] [--log-rate N] [--verbose]`: a workstation's worth of test world for people and
// scripts — the release mirror, a standalone API server, DIR/env.sh — until Ctrl-C or SIGTERM,
// after which nothing it or the kind stand-in started under DIR is left running.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { realisticDelays, type WorldOptions } from './index.js';
import { processOutput } from './kind/cli-io.js';
import { watchLaunchChain } from './workstation/launch-chain.js';
import { startWorkstation } from './workstation/start-workstation.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      'no-api-server': { type: 'boolean', default: false },
      'mirror-port': { type: 'string' },
      port: { type: 'string' },
      name: { type: 'string' },
      realistic: { type: 'boolean', default: false },
      'token-auth': { type: 'boolean', default: false },
      'log-rate': { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  // npm runs scripts from the package folder; a relative --dir means the caller's folder.
  const dir = values.dir ? resolve(process.env.INIT_CWD ?? process.cwd(), values.dir) : await mkdtemp(join(tmpdir(), 'meshdeck-world-'));
  const apiServer: WorldOptions | undefined = values['no-api-server'] ? undefined : {
    clusterName: values.name ?? 'world',
    contextName: 'meshdeck-world',
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values.realistic ? { delays: realisticDelays } : {}),
    ...(values['log-rate'] ? { logLinesPerSecond: Number(values['log-rate']) } : {}),
    kubeconfigAuth: values['token-auth'] ? 'token' : 'client-certificate',
    ...(values.verbose ? { onRequest: (e) => console.log(`${e.method} ${e.url} ${e.status} ${e.ms.toFixed(1)}ms ${e.user}`) } : {}),
  };
  const station = await startWorkstation({ dir, output: processOutput, ...(values['mirror-port'] ? { mirrorPort: Number(values['mirror-port']) } : {}), ...(apiServer ? { apiServer } : {}) });

  console.log(`release mirror: ${station.mirror.url}`);
  if (station.apiServer) console.log(`standalone API server: ${station.apiServer.serverUrl} (kubeconfig ${station.apiServer.kubeconfigPath})`);
  console.log(`environment: source ${station.envPath}`);
  console.log('then, e.g.: kind create cluster --name meshdeck --config kind.yaml && istioctl install -y -f overlay.yaml');
  console.log(`press Ctrl-C (or kill ${process.pid}) to stop; clusters created meanwhile are deleted`);
  console.log('ready');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    station.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  watchLaunchChain(() => stop('npm ended'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
