// Child process for bench/lab-process.ts: a world lab (test world + Bookinfo + data plane, see
// test/support/world-lab.ts) in its own process, so its API server never shares an event loop
// with what is measured. Prints one JSON line {home, kubeconfigPath, context, meshUrl}, then
// answers commands on stdin, one per line: "rate N" (log lines/s of every container) → "ok";
// "streams" → the number of open log streams. Stops when stdin closes or on SIGTERM.
import { createInterface } from 'node:readline';
import { startWorldLab } from '../test/support/world-lab';

const lab = await startWorldLab({ world: { logLinesPerSecond: 0 } });
process.stdout.write(`${JSON.stringify({ home: lab.home, kubeconfigPath: lab.world.kubeconfigPath, context: lab.context, meshUrl: lab.mesh.url })}\n`);

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  void lab.stop().finally(() => process.exit(0));
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, argument] = line.trim().split(/\s+/);
  if (command === 'rate') {
    lab.world.setLogRate(Number(argument));
    process.stdout.write('ok\n');
  } else if (command === 'streams') {
    process.stdout.write(`${lab.world.openLogStreams()}\n`);
  } else {
    process.stdout.write(`unknown command ${command ?? ''}\n`);
  }
});
lines.on('close', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
