import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveLabConfig } from './lab-config';
import { EMPTY_LEDGER, LedgerWriter, readLedger, type InstalledLedger } from './lab-ledger';
import { labState } from './lab-list';
import { countKinds, labRemoval } from './lab-removal';

const environment = { dataDir: '/data', userKubeconfig: '/home/u/.kube/config' };
const object = (part: 'bookinfo' | 'addons' | 'gateways', kind: string, name: string, namespace = 'default') => ({ part, apiVersion: 'v1', kind, name, namespace });

describe('what down removes', () => {
  it('for a kind lab: the whole cluster and its contexts', () => {
    const removal = labRemoval(resolveLabConfig({ name: 'sig', mergeKubeconfig: true }, environment), EMPTY_LEDGER);
    expect(removal).toEqual({
      name: 'sig',
      context: 'kind-sig',
      provider: 'kind',
      deletesCluster: true,
      items: ['kind cluster sig and everything in it', 'context kind-sig in MeshDeck’s kubeconfig', 'context kind-sig in /home/u/.kube/config'],
      kept: [],
    });
  });

  it('on a user’s cluster: what MeshDeck installed goes, what it found stays', () => {
    const ledger: InstalledLedger = {
      istio: false,
      istioNamespace: false,
      injectionLabel: 'default',
      objects: [object('bookinfo', 'Deployment', 'productpage-v1'), object('bookinfo', 'Deployment', 'details-v1'), object('bookinfo', 'Service', 'details'), object('gateways', 'Gateway', 'bookinfo-gateway')],
    };
    const removal = labRemoval(resolveLabConfig({ context: 'team' }, environment), ledger);
    expect(removal.deletesCluster).toBe(false);
    expect(removal.items).toEqual([
      'MeshDeck’s routing rules in namespace default and its mTLS and authorization objects there and in istio-system (labelled app.kubernetes.io/managed-by=meshdeck), and the curl clients it deployed for `traffic --from curl` with the namespaces it made for them',
      'The gateways (bookinfo-gateway, monitor-gateway and their VirtualServices) (1 Gateway)',
      'namespace default: Bookinfo (2 Deployments, 1 Service)',
      'The istio-injection label on namespace default',
    ]);
    expect(removal.kept).toEqual(['The cluster (context team) and everything MeshDeck did not install', 'The dashboards (MeshDeck did not create them here)', 'Istio (it was there before MeshDeck)']);
    expect(labRemoval(resolveLabConfig({ context: 'team' }, environment), { ...ledger, istio: true, istioNamespace: true }).items.at(-1)).toBe('Istio (istioctl uninstall --purge -y) and namespace istio-system');
  });

  it('counts kinds largest first, in plurals', () => {
    expect(countKinds([object('addons', 'ConfigMap', 'a'), object('addons', 'Service', 'b'), object('addons', 'Service', 'c'), object('addons', 'ServiceAccount', 'd')])).toBe('2 Services, 1 ConfigMap, 1 ServiceAccount');
  });
});

describe('the ledger of what MeshDeck installed', () => {
  it('notes created objects once each, and Istio with its namespace, on disk as they happen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshdeck-ledger-'));
    try {
      const writer = new LedgerWriter(dir);
      const result = (action: 'created' | 'unchanged', name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: 'default', action, resourceVersion: '1' });
      void writer.created('bookinfo', [result('created', 'a'), result('unchanged', 'b')]);
      void writer.created('bookinfo', [result('created', 'a')]);
      await writer.istio(true);
      expect(readLedger(dir)).toEqual({ istio: true, istioNamespace: true, objects: [{ part: 'bookinfo', apiVersion: 'apps/v1', kind: 'Deployment', name: 'a', namespace: 'default' }] });
      // A later run reads what the first noted and keeps it.
      await new LedgerWriter(dir).injectionLabel('default');
      expect(JSON.parse(await readFile(join(dir, 'installed.json'), 'utf8'))).toMatchObject({ istio: true, injectionLabel: 'default', objects: [{ name: 'a' }] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a listed lab’s state', () => {
  const problem = (code: 'CLUSTER_NOT_FOUND' | 'K8S_API') => ({ code, message: 'x' });
  it('running when its API server answers; for kind, absent or unreachable by what kind lists', () => {
    expect(labState('kind', true, undefined)).toBe('running');
    expect(labState('kind', true, problem('K8S_API'))).toBe('unreachable');
    expect(labState('kind', false, problem('K8S_API'))).toBe('absent');
    expect(labState('kind', undefined, problem('K8S_API'))).toBe('unreachable');
    expect(labState('context', undefined, problem('CLUSTER_NOT_FOUND'))).toBe('absent');
    expect(labState('context', undefined, problem('K8S_API'))).toBe('unreachable');
  });
});
