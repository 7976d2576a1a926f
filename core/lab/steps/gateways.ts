// Step "gateways": bookinfo-gateway with its VirtualService, and the monitor gateway that serves
// the dashboards on their own hosts. Always applied: server-side apply leaves what is in place
// unchanged and says so.

import { monitorGatewayObjects } from '../../gateways';
import { applyObjects, type KubeObject } from '../../kube';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type PlanStep } from '../plan-runner';

export function gatewaysStep(run: LabRun): PlanStep {
  return {
    id: 'gateways',
    title: 'Configure the gateways',
    needs: ['istio-gateways', 'injection'],
    observe: async () => NEEDS_RUN,
    run: async (context) => {
      const { gateway } = await run.readBookinfo();
      const monitor: KubeObject[] = monitorGatewayObjects({ domain: run.config.domain });
      const results = await applyObjects(run.kube(), [...gateway, ...monitor], { signal: context.signal, stallMs: run.config.stallMs, ...run.noteCreated('gateways') });
      await run.installed?.settled();
      const changed = results.filter((r) => r.action !== 'unchanged').length;
      context.progress(changed === 0 ? 'bookinfo-gateway and monitor-gateway are in place' : `Applied bookinfo-gateway and monitor-gateway (${changed} changed)`);
    },
  };
}
