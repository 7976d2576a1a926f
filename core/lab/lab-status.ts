// Reads where a lab stands, straight from the cluster: is it there, are istiod and the gateways,
// Bookinfo (with sidecars) and the dashboards ready, and where to reach everything.

import { existsSync } from 'node:fs';
import { AppError, type ComponentStatusInfo, type LabStatusInfo } from '../contract';
import { bookinfoUrl, dashboardUrls } from '../gateways';
import { checkConnection, createKubeClients, readWorkloads } from '../kube';
import { BOOKINFO_NAMESPACE, ISTIO_SYSTEM, type LabConfig } from './lab-config';
import { ADDON_DEPLOYMENTS, BOOKINFO_DEPLOYMENTS, ISTIO_DEPLOYMENTS } from './lab-deployments';

export async function readLabStatus(config: LabConfig, signal?: AbortSignal): Promise<LabStatusInfo> {
  const { grafana, kiali, tracing, prometheus } = dashboardUrls({ httpPort: config.httpPort, domain: config.domain });
  const base: LabStatusInfo = {
    exists: false,
    name: config.name,
    context: config.context,
    provider: config.provider,
    istioVersion: config.istioVersion,
    istio: [],
    bookinfo: [],
    addons: [],
    urls: { bookinfo: bookinfoUrl({ httpPort: config.httpPort }), dashboards: { grafana, kiali, tracing, prometheus } },
  };
  if (!existsSync(config.kubeconfigPath)) {
    return { ...base, problem: new AppError('CLUSTER_NOT_FOUND', `There is no lab yet: no kubeconfig at ${config.kubeconfigPath}. Create it with \`meshdeck up\` or the Create my mesh button.`).toInfo() };
  }
  const clients = (() => {
    try {
      return createKubeClients({ kubeconfig: config.kubeconfigPath, context: config.context });
    } catch (error) {
      return error instanceof AppError ? error : new AppError('K8S_API', String(error));
    }
  })();
  if (clients instanceof AppError) return { ...base, problem: clients.toInfo() };
  try {
    await checkConnection(clients, signal);
    const [system, app] = await Promise.all([readWorkloads(clients, ISTIO_SYSTEM), readWorkloads(clients, BOOKINFO_NAMESPACE)]);
    const pick = (all: ComponentStatusInfo[], names: string[]) => names.map((name) => all.find((w) => w.name === name)).filter((w): w is ComponentStatusInfo => w !== undefined);
    // Sidecars matter for Bookinfo only: gateways are proxies themselves, addons run outside the mesh.
    const withoutSidecars = (items: ComponentStatusInfo[]) => items.map(({ withSidecar: _ignored, ...rest }) => rest);
    return { ...base, exists: true, istio: withoutSidecars(pick(system, ISTIO_DEPLOYMENTS)), addons: withoutSidecars(pick(system, ADDON_DEPLOYMENTS)), bookinfo: pick(app, BOOKINFO_DEPLOYMENTS) };
  } catch (error) {
    const problem = error instanceof AppError ? error : new AppError('K8S_API', String(error));
    return { ...base, problem: problem.toInfo() };
  } finally {
    clients.close();
  }
}
