// Dashboard health against the test world: a world lab with the release's addons and the monitor
// gateway, read the way `dashboards.health` reads it (lab status, the cluster, real HTTP through
// the data plane). Every dashboard is ready and frameable (Kiali's DENY removed by its route);
// Grafana's search gives the Istio dashboards' paths; then Grafana's image stops pulling and its
// pane's reason is the pod's ImagePullBackOff with the addons step to fix it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { breakGrafana, repairGrafana, startWorldLabWithDashboards } from '../../test/support/world-lab-dashboards';
import { describeWithIstioReference } from '../../test/support/reference-suite';
import { hasPrometheus } from '../../test/support/requirements';
import type { WorldLab } from '../../test/support/world-lab';
import { readLabStatus, resolveLabConfig } from '../lab';
import { readDashboardsHealth } from './dashboard-health';

const withPrometheus = hasPrometheus();

describeWithIstioReference('dashboard health in the test world', () => {
  let lab: WorldLab;
  let dataDir: string;

  beforeAll(async () => {
    lab = await startWorldLabWithDashboards();
    dataDir = await mkdtemp(join(tmpdir(), 'meshdeck-dash-health-'));
  }, 60_000);

  afterAll(async () => {
    await lab?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function health() {
    const config = resolveLabConfig({ context: lab.context, httpPort: lab.mesh.port }, { dataDir, userKubeconfig: lab.world.kubeconfigPath });
    const status = await readLabStatus(config, AbortSignal.timeout(10_000));
    return readDashboardsHealth({ status, clients: async () => lab.clients, signal: AbortSignal.timeout(10_000) });
  }

  it('finds every dashboard ready and frameable through the monitor gateway, and Grafana’s Istio dashboards', async () => {
    const report = await health();
    expect(report.gateway).toBe(`127.0.0.1:${lab.mesh.port}`);
    expect(report.dashboards.map((d) => [d.name, d.ready, d.framing, d.httpStatus])).toEqual([
      ['kiali', true, 'allowed', 200],
      ['grafana', true, 'allowed', 200],
      ['tracing', true, 'allowed', 200],
      // The real Prometheus sends / to its query page; it is ready once its /-/ready says so.
      withPrometheus ? ['prometheus', true, 'allowed', 302] : ['prometheus', false, 'unknown', null],
    ]);
    // Without the binary the world's Prometheus pod cannot start, and the pane says why in the pod's words.
    if (!withPrometheus) expect(report.dashboards.find((d) => d.name === 'prometheus')?.reason).toContain('no such file or directory');
    const grafana = report.dashboards.find((d) => d.name === 'grafana')!;
    expect(grafana.grafanaPaths?.mesh).toBe('/d/1a9a8ea49444aae205c7737573e894f9/istio-mesh-dashboard');
    expect(grafana.grafanaPaths?.service).toMatch(/^\/d\/[0-9a-f]+\/istio-service-dashboard$/);
    expect(grafana.grafanaPaths?.workload).toMatch(/^\/d\/[0-9a-f]+\/istio-workload-dashboard$/);
  });

  it('says why Grafana is not ready, in the pod’s words, and offers the addons step', async () => {
    await breakGrafana(lab);
    try {
      const grafana = (await health()).dashboards.find((d) => d.name === 'grafana')!;
      expect(grafana).toMatchObject({ ready: false, problem: 'pod-not-ready', fixStep: 'addons', pods: { ready: 0, total: 1 }, httpStatus: null });
      // The kubelet retries the pull, so the pod is in one or the other at any moment.
      expect(grafana.reason).toMatch(/ImagePullBackOff|ErrImagePull/);
      expect(grafana.reason).toContain('grafana/grafana');
      // The others are untouched.
      expect((await health()).dashboards.filter((d) => d.name !== 'grafana' && (withPrometheus || d.name !== 'prometheus')).every((d) => d.ready)).toBe(true);
    } finally {
      await repairGrafana(lab);
    }
    expect((await health()).dashboards.find((d) => d.name === 'grafana')?.ready).toBe(true);
  });

  it('names the missing route when the monitor VirtualService for Kiali is gone', async () => {
    await lab.clients.http.request('DELETE', '/apis/networking.istio.io/v1/namespaces/istio-system/virtualservices/monitor-kiali');
    const kiali = (await health()).dashboards.find((d) => d.name === 'kiali')!;
    expect(kiali).toMatchObject({ ready: false, problem: 'route-missing', fixStep: 'gateways' });
    expect(kiali.reason).toContain('VirtualService monitor-kiali is missing');
  });
});
