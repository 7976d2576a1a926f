// `npm run world -- --dir DIR [--port N] [--realistic] [--token-auth]`: starts a world by hand,
// prints where its kubeconfig is and how to use it, and runs until Ctrl-C.
import { parseArgs } from 'node:util';
import { realisticDelays, startWorld } from './index.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      port: { type: 'string' },
      name: { type: 'string' },
      realistic: { type: 'boolean', default: false },
      'token-auth': { type: 'boolean', default: false },
      'log-rate': { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const world = await startWorld({
    ...(values.dir ? { dir: values.dir } : {}),
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values.name ? { clusterName: values.name } : {}),
    ...(values.realistic ? { delays: realisticDelays } : {}),
    ...(values['log-rate'] ? { logLinesPerSecond: Number(values['log-rate']) } : {}),
    kubeconfigAuth: values['token-auth'] ? 'token' : 'client-certificate',
    ...(values.verbose ? { onRequest: (e) => console.log(`${e.method} ${e.url} ${e.status} ${e.ms.toFixed(1)}ms ${e.user}`) } : {}),
  });
  console.log(`test world "${world.clusterName}" serving at ${world.serverUrl}`);
  console.log(`kubeconfig: ${world.kubeconfigPath}`);
  console.log(`try: kubectl --kubeconfig ${world.kubeconfigPath} get nodes`);
  console.log('press Ctrl-C to stop');
  const stop = (): void => {
    void world.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
