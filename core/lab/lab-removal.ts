// What `down` will remove, and what it keeps, said before the user confirms: for a kind lab the
// whole cluster; on the user's own cluster exactly what the lab's ledger says MeshDeck installed.
// Pure: the ledger and config come in.

import type { LabRemovalInfo } from '../contract';
import { BOOKINFO_NAMESPACE, ISTIO_SYSTEM, type LabConfig } from './lab-config';
import type { InstalledLedger, InstalledObject, InstalledPart } from './lab-ledger';

/** "6 Deployments, 4 Services": counts by kind, largest first. */
export function countKinds(objects: readonly InstalledObject[]): string {
  const counts = new Map<string, number>();
  for (const object of objects) counts.set(object.kind, (counts.get(object.kind) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([kind, count]) => `${count} ${kind}${count === 1 ? '' : kind.endsWith('s') ? 'es' : 's'}`)
    .join(', ');
}

const PART_NAMES: Record<InstalledPart, string> = {
  bookinfo: `namespace ${BOOKINFO_NAMESPACE}: Bookinfo`,
  addons: `namespace ${ISTIO_SYSTEM}: the dashboards (Prometheus, Grafana, Kiali, Jaeger)`,
  gateways: 'The gateways (bookinfo-gateway, monitor-gateway and their VirtualServices)',
};
const PART_KEPT: Record<InstalledPart, string> = {
  bookinfo: 'Bookinfo (MeshDeck did not create it here)',
  addons: 'The dashboards (MeshDeck did not create them here)',
  gateways: 'The gateways (MeshDeck did not create them here)',
};

export function labRemoval(config: LabConfig, ledger: InstalledLedger): LabRemovalInfo {
  const base = { name: config.name, context: config.context, provider: config.provider };
  if (config.provider === 'kind') {
    const items = [`kind cluster ${config.name} and everything in it`, `context ${config.context} in MeshDeck’s kubeconfig`, ...(config.mergeInto ? [`context ${config.context} in ${config.mergeInto}`] : [])];
    return { ...base, deletesCluster: true, items, kept: [] };
  }
  const items = [`MeshDeck’s routing rules in namespace ${BOOKINFO_NAMESPACE} and its mTLS and authorization objects there and in istio-system (labelled app.kubernetes.io/managed-by=meshdeck), and the curl clients it deployed for \`traffic --from curl\` with the namespaces it made for them`];
  const kept = [`The cluster (context ${config.context}) and everything MeshDeck did not install`];
  for (const part of ['gateways', 'bookinfo', 'addons'] as const) {
    const objects = ledger.objects.filter((o) => o.part === part);
    if (objects.length > 0) items.push(`${PART_NAMES[part]} (${countKinds(objects)})`);
    else kept.push(PART_KEPT[part]);
  }
  if (ledger.injectionLabel) items.push(`The istio-injection label on namespace ${ledger.injectionLabel}`);
  else kept.push(`The istio-injection label on namespace ${BOOKINFO_NAMESPACE} (MeshDeck did not set it)`);
  if (ledger.istio) items.push(`Istio (istioctl uninstall --purge -y)${ledger.istioNamespace ? ` and namespace ${ISTIO_SYSTEM}` : ''}`);
  else kept.push('Istio (it was there before MeshDeck)');
  return { ...base, deletesCluster: false, items, kept };
}
