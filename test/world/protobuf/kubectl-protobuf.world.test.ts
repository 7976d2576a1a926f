// Real kubectl's typed commands send `application/vnd.kubernetes.protobuf` bodies and ask for
// protobuf answers (Accept: application/vnd.kubernetes.protobuf,application/json). Each runs
// against a world, and `kubectl get -o json` shows what was stored. Without kubectl or the
// Kubernetes .proto files this skips with one line, except under CI=true.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKubernetesReference, missingKubernetesReferenceAdvice } from '../../support/kubernetes-reference';
import { findKubectl } from '../kubectl.js';
import { KubectlRunner } from '../kubectl-runner.js';
import { startWorld, type World } from '../index.js';

const ci = process.env['CI'] === 'true';
const kubectlPath = await findKubectl().catch((error: unknown) => {
  if (ci) throw error;
  console.warn(`skipping kubectl protobuf tests: no kubectl >= 1.28 (${String(error)})`);
  return undefined;
});
const protos = findKubernetesReference();
if (!protos && ci) throw new Error(missingKubernetesReferenceAdvice());
if (!protos) console.warn(`skipping kubectl protobuf tests: ${missingKubernetesReferenceAdvice()}`);

interface Answer {
  status: number;
  contentType: string;
  body: Buffer;
}

function post(world: World, path: string, contentType: string, body: Buffer, accept = 'application/json'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, world.serverUrl);
    const req = request(url, { method: 'POST', ca: world.caPem, headers: { Authorization: `Bearer ${world.token}`, 'Content-Type': contentType, Accept: accept } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.skipIf(!kubectlPath || !protos)('kubectl protobuf bodies against the world', () => {
  let world: World;
  let k: KubectlRunner;
  const json = async (args: string[]): Promise<Record<string, any>> => JSON.parse(await k.ok([...args, '-o', 'json'])) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- kubectl's JSON, read by path in assertions

  beforeAll(async () => {
    world = await startWorld();
    k = new KubectlRunner(kubectlPath ?? 'kubectl', world.kubeconfigPath);
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('creates a namespace, and refuses a second one with a Status kubectl reads', async () => {
    expect(await k.ok(['create', 'namespace', 'bi'])).toBe('namespace/bi created\n');
    const ns = await json(['get', 'namespace', 'bi']);
    expect(ns['metadata']).toMatchObject({ name: 'bi', labels: { 'kubernetes.io/metadata.name': 'bi' } });
    expect(ns['metadata']['creationTimestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const again = await k.run(['create', 'namespace', 'bi']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('Error from server (AlreadyExists): namespaces "bi" already exists\n');
  });

  it('creates a deployment, exposes it, and stores what kubectl sent', async () => {
    await k.ok(['create', 'deployment', 'web', '-n', 'bi', '--image=nginx:1.27', '--replicas=0', '--port=8080']);
    const sent = JSON.parse(await k.ok(['create', 'deployment', 'web', '-n', 'bi', '--image=nginx:1.27', '--replicas=0', '--port=8080', '--dry-run=client', '-o', 'json'])) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
    const stored = await json(['get', 'deployment', 'web', '-n', 'bi']);
    expect(stored['spec']['replicas']).toBe(0);
    expect(stored['spec']['selector']).toEqual(sent['spec']['selector']);
    expect(stored['spec']['template']['metadata']['labels']).toEqual({ app: 'web' });
    expect(stored['spec']['template']['spec']['containers'][0]).toMatchObject({ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 8080, protocol: 'TCP' }], imagePullPolicy: 'IfNotPresent' });
    expect(await k.ok(['expose', 'deployment', 'web', '-n', 'bi', '--port=80', '--target-port=http'])).toBe('service/web exposed\n');
    const svc = await json(['get', 'service', 'web', '-n', 'bi']);
    expect(svc['spec']).toMatchObject({ ports: [{ port: 80, protocol: 'TCP', targetPort: 'http' }], selector: { app: 'web' }, type: 'ClusterIP' });
  });

  it('creates a configmap, a secret and a service account with their data intact', async () => {
    await k.ok(['create', 'configmap', 'cfg', '-n', 'bi', '--from-literal=greeting=hello world', '--from-literal=empty=']);
    expect((await json(['get', 'configmap', 'cfg', '-n', 'bi']))['data']).toEqual({ greeting: 'hello world', empty: '' });
    await k.ok(['create', 'secret', 'generic', 'creds', '-n', 'bi', '--from-literal=password=s3cr3t/ü']);
    const secret = await json(['get', 'secret', 'creds', '-n', 'bi']);
    expect(secret['type']).toBe('Opaque');
    expect(Buffer.from(String(secret['data']['password']), 'base64').toString('utf8')).toBe('s3cr3t/ü');
    expect(await k.ok(['create', 'serviceaccount', 'reader', '-n', 'bi'])).toBe('serviceaccount/reader created\n');
    expect((await json(['get', 'serviceaccount', 'reader', '-n', 'bi']))['metadata']['name']).toBe('reader');
  });

  it('runs a pod', async () => {
    expect(await k.ok(['run', 'probe', '-n', 'bi', '--image=busybox:1.36', '--labels=app=probe', '--', 'sleep', '3600'])).toBe('pod/probe created\n');
    const pod = await json(['get', 'pod', 'probe', '-n', 'bi']);
    expect(pod['spec']['containers'][0]).toMatchObject({ name: 'probe', image: 'busybox:1.36', args: ['sleep', '3600'] });
    expect(pod['metadata']['labels']).toEqual({ app: 'probe' });
  });

  it('answers auth whoami with the caller, for client-certificate and token users', async () => {
    const whoami = JSON.parse(await k.ok(['auth', 'whoami', '-o', 'json'])) as { kind: string; status: { userInfo: { username: string; groups: string[] } } };
    expect(whoami.kind).toBe('SelfSubjectReview');
    expect(whoami.status.userInfo).toEqual({ username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] });
    const byToken = await k.ok(['auth', 'whoami', '--token', world.token]);
    expect(byToken).toMatch(/^Username\s+\S+$/m);
  });

  it('answers a malformed envelope with 400 and the serializer message, in protobuf when asked', async () => {
    const bad = await post(world, '/api/v1/namespaces', 'application/vnd.kubernetes.protobuf', Buffer.from('{"kind":"Namespace"}'));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString('utf8'))).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]' });
    const asProtobuf = await post(world, '/api/v1/namespaces', 'application/vnd.kubernetes.protobuf', Buffer.from('k8s\0'), 'application/vnd.kubernetes.protobuf');
    expect(asProtobuf.status).toBe(400);
    expect(asProtobuf.contentType).toBe('application/vnd.kubernetes.protobuf');
    expect(asProtobuf.body.subarray(0, 4).toString('latin1')).toBe('k8s\0');
    expect(asProtobuf.body.toString('latin1')).toContain('empty body');
  });
});
