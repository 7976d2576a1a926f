// `npx tsx test/support/world-lab-cli.ts DIR`: a ready lab (world + Bookinfo + data plane) for
// trying the Traffic and Logs screens by hand: writes DIR/env.sh (MESHDECK_HOME, KUBECONFIG),
// then runs until SIGINT/SIGTERM and cleans up.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startWorldLab } from './world-lab';

const dir = resolve(process.argv[2] ?? '/tmp/meshdeck-world-lab');
await mkdir(dir, { recursive: true });
const lab = await startWorldLab();
const envPath = join(dir, 'env.sh');
await writeFile(envPath, `export MESHDECK_HOME='${lab.home}'\nexport KUBECONFIG='${lab.world.kubeconfigPath}'\n`);
process.stdout.write(`World lab ready: Bookinfo at ${lab.mesh.url}/productpage, context ${lab.context}.\nsource ${envPath}, then run meshdeck serve / shift / traffic / logs.\n`);
await new Promise<void>((done) => {
  process.once('SIGINT', done);
  process.once('SIGTERM', done);
});
await lab.stop();
