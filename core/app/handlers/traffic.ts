// Contract handlers for traffic shifting and the generator; a run ends with the caller
// that started it.
import type { LabClients } from '../lab-clients';
import type { Handlers } from '../../rpc';
import { BOOKINFO_NAMESPACE } from '../../lab';
import { signInToBookinfo, type ClusterFollow, type RoutingService, type TrafficRuns } from '../../traffic';

type TrafficHandlers = Pick<
  Handlers,
  'traffic.services' | 'traffic.preview' | 'traffic.apply' | 'traffic.remove' | 'traffic.follow' | 'traffic.unfollow' | 'traffic.start' | 'traffic.stop' | 'traffic.runs'
>;

export function trafficHandlers(routing: RoutingService, runs: TrafficRuns, labClients: LabClients, follow: ClusterFollow): TrafficHandlers {
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
    'traffic.start': async ({ endUser, ...params }, caller) => {
      const url = (await labClients.target()).bookinfoUrl;
      // productpage takes end-user from its session, so a run "as jason" signs in first.
      const headers = endUser ? { cookie: await signInToBookinfo(url, endUser) } : undefined;
      const run = runs.start({ ...params, url, ...(headers ? { headers } : {}) });
      // Closing the tab or window that started it stops it ("stops when the pane closes").
      caller.onGone(() => void runs.stop(run.runId).catch(() => undefined));
      return run;
    },
    'traffic.stop': ({ runId }) => runs.stop(runId),
    'traffic.runs': () => runs.list(),
  };
}
