// Step "kubeconfig", opt-in only: the user asked for the lab's context in their own kubeconfig
// too (`kind export kubeconfig` merges it and makes it current). Nothing else in the plan touches
// that file.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readKubeContexts } from '../../kube';
import type { LabDeps } from '../lab-deps';
import type { LabRun } from '../lab-run';
import { NEEDS_RUN, type PlanStep } from '../plan-runner';

/** The step that merges the context into the user's kubeconfig; none when the user did not opt in. */
export function kubeconfigStep(run: LabRun, deps: Pick<LabDeps, 'kind'>): PlanStep | undefined {
  const { config } = run;
  const { mergeInto } = config;
  if (!mergeInto) return undefined;
  return {
    id: 'kubeconfig',
    title: 'Add the context to your kubeconfig',
    needs: ['cluster'],
    observe: async () => {
      // Already there and pointing at this cluster's API server: leave the file (and its current-context) alone.
      const server = readKubeContexts(config.kubeconfigPath).find((c) => c.name === config.context)?.server;
      const theirs = readKubeContexts(mergeInto).find((c) => c.name === config.context)?.server;
      return server && theirs === server ? { state: 'done', detail: `${config.context} is in ${mergeInto}` } : NEEDS_RUN;
    },
    run: async (context) => {
      context.progress(`Adding ${config.context} to ${mergeInto}`);
      await mkdir(join(mergeInto, '..'), { recursive: true, mode: 0o700 });
      await deps.kind(run.needKindPath()).exportKubeconfig({ name: config.name, kubeconfigPath: mergeInto, signal: context.signal, onLine: (line) => context.log(line) });
      context.log(`Merged context ${config.context} into ${mergeInto} (kind export kubeconfig; it is now the current context there)`);
      context.progress(`${config.context} added to ${mergeInto} and made current`);
    },
  };
}
