import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../contract';
import { readKubeContexts } from './contexts';

const TOKEN = 'sekret-bearer-token-0123456789';
const KEY_DATA = 'c2VrcmV0LWtleS1kYXRh';

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: team
  cluster:
    server: https://team.example.com:6443
    certificate-authority-data: Y2EtZGF0YQ==
- name: kind-meshdeck
  cluster:
    server: https://127.0.0.1:40123
users:
- name: alice
  user:
    token: ${TOKEN}
- name: kind-meshdeck
  user:
    client-key-data: ${KEY_DATA}
    client-certificate-data: Y2VydA==
contexts:
- name: team-cluster
  context: {cluster: team, user: alice, namespace: dev}
- name: kind-meshdeck
  context: {cluster: kind-meshdeck, user: kind-meshdeck}
current-context: kind-meshdeck
`;

describe('readKubeContexts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-contexts-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists names, clusters and servers, marks the current one, and carries no credentials', async () => {
    const path = join(dir, 'config');
    await writeFile(path, kubeconfig);
    const contexts = readKubeContexts(path);
    expect(contexts).toEqual([
      { name: 'team-cluster', cluster: 'team', server: 'https://team.example.com:6443', current: false },
      { name: 'kind-meshdeck', cluster: 'kind-meshdeck', server: 'https://127.0.0.1:40123', current: true },
    ]);
    const json = JSON.stringify(contexts);
    for (const secret of [TOKEN, KEY_DATA, 'alice', 'Y2VydA==', 'Y2EtZGF0YQ==']) expect(json).not.toContain(secret);
    // Read-only: the file is as it was.
    expect(await readFile(path, 'utf8')).toBe(kubeconfig);
  });

  it('gives an empty server for a context whose cluster is missing', async () => {
    const path = join(dir, 'dangling');
    await writeFile(path, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts:\n- name: team-cluster\n  context: {cluster: none, user: none}\ncurrent-context: team-cluster\n');
    expect(readKubeContexts(path)).toEqual([{ name: 'team-cluster', cluster: 'none', server: '', current: true }]);
  });

  it('returns no contexts when there is no kubeconfig', () => {
    expect(readKubeContexts(join(dir, 'nope', 'config'))).toEqual([]);
  });

  it('refuses an unreadable kubeconfig with INVALID_ARGUMENT and advice', async () => {
    const path = join(dir, 'broken');
    await writeFile(path, 'clusters:\n- cluster: {}\n');
    let error: unknown;
    try {
      readKubeContexts(path);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((error as AppError).message).toContain(path);
    expect((error as AppError).message).toContain('kubectl config view');
  });
});
