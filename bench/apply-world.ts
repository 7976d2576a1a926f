// Child process for bench/apply.ts: one fresh test world in its own process, so the API
// server's work never shares an event loop with the client being measured (kubectl gets a
// separate process too). Prints {kubeconfigPath, contextName} as one JSON line; stops when
// stdin closes.
import { startWorld, zeroDelays } from '../test/world/index';

const world = await startWorld({ delays: zeroDelays });
world.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } });
process.stdout.write(`${JSON.stringify({ kubeconfigPath: world.kubeconfigPath, contextName: world.contextName })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void world.stop().then(() => process.exit(0));
});
