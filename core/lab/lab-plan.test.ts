import { describe, expect, it } from 'vitest';
import { resolveLabConfig } from './lab-config';
import type { LabDeps } from './lab-deps';
import { labPlan } from './lab-plan';
import { validatePlan, type PlanStep } from './plan-runner';

const unused = () => {
  throw new Error('the plan is only built here, not run');
};
const deps: LabDeps = { preflight: unused, ensureKind: unused, ensureIstio: unused, kind: unused, istioctl: unused, images: unused };

function plan(): PlanStep[] {
  const built = labPlan(resolveLabConfig({ name: 'meshdeck' }, { dataDir: '/tmp/meshdeck-plan-test', userKubeconfig: '/tmp/meshdeck-plan-test/kubeconfig' }), deps);
  built.close();
  return built.steps;
}

/** Every step `id` waits for, directly or through others. */
function waitsFor(steps: readonly PlanStep[], id: string): Set<string> {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const seen = new Set<string>();
  const visit = (at: string) => {
    for (const need of byId.get(at)!.needs) {
      if (seen.has(need)) continue;
      seen.add(need);
      visit(need);
    }
  };
  visit(id);
  return seen;
}

describe('the one-click plan', () => {
  it('is a valid DAG', () => {
    expect(() => validatePlan(plan())).not.toThrow();
  });

  it("installs Istio once Istio's images are in the node, while the rest are still pulled and loaded", () => {
    const steps = plan();
    const istio = waitsFor(steps, 'istio');
    expect(istio).toContain('load-istio-images');
    expect(istio).not.toContain('app-images');
    expect(istio).not.toContain('load-app-images');
  });

  it("pulls Istio's images beside the cluster's creation, and the app's after Istio's", () => {
    const steps = plan();
    expect(waitsFor(steps, 'istio-images')).not.toContain('cluster');
    expect(waitsFor(steps, 'app-images')).toContain('istio-images');
    expect(waitsFor(steps, 'app-images')).not.toContain('cluster');
  });

  it('starts Bookinfo and the addons only once their images are in the node', () => {
    const steps = plan();
    for (const id of ['bookinfo', 'addons']) expect(waitsFor(steps, id)).toContain('load-app-images');
  });

  it("starts Bookinfo and the addons once istiod is ready, beside Istio's gateways; the gateways' routes and the check wait for those", () => {
    const steps = plan();
    for (const id of ['injection', 'bookinfo', 'addons']) {
      expect(waitsFor(steps, id)).toContain('istio');
      expect(waitsFor(steps, id)).not.toContain('istio-gateways');
    }
    for (const id of ['gateways', 'verify']) expect(waitsFor(steps, id)).toContain('istio-gateways');
  });
});
