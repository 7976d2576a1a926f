// Writes kubeconfig files the way kind does: one cluster entry with the CA inlined, a user with
// an inlined client certificate, and a context; plus a second user and context that
// authenticate with the bearer token. It only renders and writes files; certificates come in.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigInput {
  /** Context/cluster/user name, e.g. "kind-meshdeck". */
  name: string;
  server: string;
  caPem: string;
  client: { certPem: string; keyPem: string };
  token: string;
  /** Which context is current: the client-certificate one (default, like kind) or the token one. */
  currentAuth?: 'client-certificate' | 'token';
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function renderKubeconfig(input: KubeconfigInput): string {
  const tokenName = `${input.name}-token`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: input.name, cluster: { server: input.server, 'certificate-authority-data': b64(input.caPem) } }],
    users: [
      { name: input.name, user: { 'client-certificate-data': b64(input.client.certPem), 'client-key-data': b64(input.client.keyPem) } },
      { name: tokenName, user: { token: input.token } },
    ],
    contexts: [
      { name: input.name, context: { cluster: input.name, user: input.name } },
      { name: tokenName, context: { cluster: input.name, user: tokenName } },
    ],
    'current-context': input.currentAuth === 'token' ? tokenName : input.name,
  });
}

export async function writeKubeconfig(path: string, input: KubeconfigInput): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Credentials inside: readable by the owner only, like kind's.
  await writeFile(path, renderKubeconfig(input), { mode: 0o600 });
}
