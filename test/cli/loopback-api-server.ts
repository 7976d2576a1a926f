// A loopback stand-in for a cluster without the Prometheus addon, for in-process CLI rows: every
// request answers the 404 Status kube-apiserver gives for a missing Service (here: its service
// proxy). Not the test world: just enough for a command to meet that answer over the real
// kube transport; it hands the command a lab target (kubeconfig and context) pointing at it.
import { createServer } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabTarget } from '../../core/lab';

export async function withApiServer(work: (target: LabTarget) => Promise<void>): Promise<void> {
  const server = createServer((req, res) => {
    const service = /\/services\/([^:/]+)/.exec(req.url ?? '')?.[1] ?? 'unknown';
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `services "${service}" not found`, reason: 'NotFound', details: { name: service, kind: 'services' }, code: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dir = await mkdtemp(join(tmpdir(), 'meshdeck-api-'));
  try {
    const kubeconfigPath = join(dir, 'config');
    const port = (server.address() as { port: number }).port;
    await writeFile(kubeconfigPath, `apiVersion: v1\nkind: Config\nclusters:\n- name: lab\n  cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}\nusers:\n- name: me\n  user: {token: t}\ncontexts:\n- name: kind-meshdeck\n  context: {cluster: lab, user: me}\ncurrent-context: kind-meshdeck\n`);
    await work({ kubeconfigPath, context: 'kind-meshdeck', namespace: 'bookinfo', bookinfoUrl: `http://127.0.0.1:${port}/productpage` });
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
