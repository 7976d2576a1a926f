// Step "verify": Bookinfo's product page and each dashboard must answer through the ingress
// gateway on the host port. The one place in the plan that retries: the gateway takes a moment to
// load new routes, so it fails only when nothing answers for the stall period.

import { AppError } from '../../contract';
import { DASHBOARDS, dashboardHost } from '../../gateways';
import { httpGet } from '../http-check';
import type { LabConfig } from '../lab-config';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type PlanStep, type StepContext } from '../plan-runner';

interface Target {
  label: string;
  host: string;
  path: string;
  expect(body: string): boolean;
}

function targetsOf(config: LabConfig): Target[] {
  return [
    { label: 'Bookinfo', host: `bookinfo.${config.domain}`, path: '/productpage', expect: (body) => /Simple Bookstore App|Book Details/.test(body) },
    ...DASHBOARDS.map((d) => ({ label: d.name, host: dashboardHost(d.name, config.domain), path: d.basePath, expect: () => true })),
  ];
}

/** Asks until the target answers with its page; `retry` counts attempts across targets so backoff keeps growing. */
async function untilItAnswers(config: LabConfig, target: Target, context: StepContext, retry: { started: number; attempt: number }): Promise<void> {
  for (;;) {
    context.signal.throwIfAborted();
    const answer = await httpGet(config.httpPort, target.path, target.host, context.signal);
    if (answer.ok && target.expect(answer.body)) {
      context.log(`${target.label}: ${answer.detail} from http://${target.host}:${config.httpPort}${target.path}`);
      return;
    }
    if (Date.now() - retry.started > config.stallMs) {
      const what = answer.ok ? `answers ${answer.detail} but not with its page` : `does not answer (${answer.detail})`;
      throw new AppError('STALLED', `${target.label} ${what} through the gateway on 127.0.0.1:${config.httpPort}. Check \`meshdeck status\` and the istio-ingressgateway pod's logs.`, { host: target.host, port: config.httpPort });
    }
    retry.attempt += 1;
    await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * retry.attempt)));
  }
}

export function verifyStep(run: LabRun): PlanStep {
  return {
    id: 'verify',
    title: 'Check that it answers',
    needs: ['bookinfo', 'addons', 'gateways'],
    observe: async () => NEEDS_RUN,
    run: async (context) => {
      const targets = targetsOf(run.config);
      const retry = { started: Date.now(), attempt: 0 };
      for (const [index, target] of targets.entries()) {
        await untilItAnswers(run.config, target, context, retry);
        context.progress(`${target.label} answers`, Math.round(((index + 1) / targets.length) * 100));
      }
      context.progress('Bookinfo and all four dashboards answer');
    },
  };
}
