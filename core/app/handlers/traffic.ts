// Contract handlers for traffic shifting and the generator; a run ends with the caller
// that started it.
import type { LabClients } from '../lab-clients';
import { AppError } from '../../contract';
import type { Handlers } from '../../rpc';
import { runExec } from '../../kube';
import { BOOKINFO_NAMESPACE, type LabTarget } from '../../lab';
import { createPodSender, ensureCurlClient, signInToBookinfo, type ClusterFollow, type RoutingService, type TrafficRunRequest, type TrafficRuns } from '../../traffic';

type TrafficHandlers = Pick<
  Handlers,
  'traffic.services' | 'traffic.preview' | 'traffic.apply' | 'traffic.remove' | 'traffic.follow' | 'traffic.unfollow' | 'traffic.start' | 'traffic.stop' | 'traffic.runs'
>;

/** From the curl pod, productpage by its short name in Bookinfo's namespace, by service.namespace elsewhere. */
function inClusterUrl(target: LabTarget, namespace: string): string {
  return `http://${namespace === target.namespace ? 'productpage' : `productpage.${target.namespace}`}:9080/productpage`;
}

/** A run from inside the cluster: the curl client (deployed on demand) runs curl per request through exec. */
async function curlRun(labClients: LabClients, samples: () => Promise<string>, target: LabTarget, params: { namespace?: string | undefined; url?: string | undefined }): Promise<Pick<TrafficRunRequest, 'url' | 'send' | 'origin'>> {
  const clients = await labClients.get();
  const namespace = params.namespace ?? target.namespace;
  const client = await ensureCurlClient(clients, namespace, samples);
  const send = createPodSender((command, signal) => runExec(clients.kubeConfig, { namespace, pod: client.pod, container: client.container, command }, { signal }));
  return { url: params.url ?? inClusterUrl(target, namespace), send, origin: { from: 'curl', client: { namespace, pod: client.pod, injected: client.injected, managed: client.managed } } };
}

export function trafficHandlers(routing: RoutingService, runs: TrafficRuns, labClients: LabClients, follow: ClusterFollow, samples: () => Promise<string>): TrafficHandlers {
  const following = new Set<string>();
  return {
    'traffic.follow': async ({ namespace = BOOKINFO_NAMESPACE }, caller) => {
      const info = await follow.follow(caller.id, namespace);
      // A face that goes away stops following (the watches end with the last one); said once per face.
      if (!following.has(caller.id)) {
        following.add(caller.id);
        caller.onGone(() => {
          following.delete(caller.id);
          follow.release(caller.id);
        });
      }
      return info;
    },
    'traffic.unfollow': ({ namespace = BOOKINFO_NAMESPACE }, caller) => ({ namespace, following: follow.unfollow(caller.id, namespace) }),
    'traffic.services': ({ namespace }) => routing.services(namespace),
    'traffic.preview': (request) => routing.preview(request),
    'traffic.apply': (request) => routing.apply(request),
    'traffic.remove': (request) => routing.remove(request),
    'traffic.start': async ({ endUser, from, namespace, url: asked, ...params }, caller) => {
      const target = await labClients.target();
      if (from !== 'curl' && (namespace !== undefined || asked !== undefined)) throw new AppError('INVALID_ARGUMENT', `${namespace !== undefined ? 'namespace' : 'url'} goes with from "curl" (requests from the curl pod); through the gateway the URL is the lab's.`);
      const url = target.bookinfoUrl;
      // productpage takes end-user from its session, so a run "as jason" signs in first (through the gateway: the session cookie is productpage's, however it is reached).
      const headers = endUser ? { cookie: await signInToBookinfo(url, endUser) } : undefined;
      const source = from === 'curl' ? await curlRun(labClients, samples, target, { namespace, url: asked }) : { url, origin: { from: 'gateway' as const } };
      const run = runs.start({ ...params, ...source, ...(headers ? { headers } : {}) });
      // Closing the tab or window that started it stops it ("stops when the pane closes").
      caller.onGone(() => void runs.stop(run.runId).catch(() => undefined));
      return run;
    },
    'traffic.stop': ({ runId }) => runs.stop(runId),
    'traffic.runs': () => runs.list(),
  };
}
