// Which in-process handler serves a pod: Bookinfo and the addons by the pod's `app` label (or
// `app.kubernetes.io/name`, as the Grafana and Prometheus addons label theirs) and `version`.
// Pods of any other app get httpbin's answers (httpbin.ts: /status/CODES, /delay/N, else an
// echo of the request), so custom workloads route too.
// Prometheus has no stand-in: the world runs the real one (the data plane forwards to it through
// the pod network), so without that process nothing listens on its pod.
import { detailsHandler, ratingsHandler, reviewsHandler } from './bookinfo-services.js';
import { productpageHandler } from './bookinfo-productpage.js';
import { grafanaHandler, jaegerHandler, kialiHandler } from './dashboards.js';
import type { Pod } from './mesh-config.js';
import { httpbinHandler } from './httpbin.js';
import type { RandomSource } from './weighted-pick.js';
import { json, type WorkloadCatalog, type WorkloadHandler } from './workload.js';

export function appOf(pod: Pod): string | undefined {
  return pod.labels['app'] ?? pod.labels['app.kubernetes.io/name'];
}

const echoAnswer: WorkloadHandler = async (req, ctx) => json(200, {
  pod: ctx.pod.name, namespace: ctx.pod.namespace, app: appOf(ctx.pod) ?? null, version: ctx.pod.labels['version'] ?? null,
  method: req.method, path: req.path, headers: req.headers,
});

export function defaultCatalog(random: RandomSource = Math.random): WorkloadCatalog {
  const httpbin = httpbinHandler(random, echoAnswer);
  // Handlers are stateless, so one per app/version is shared by all its pods.
  const cache = new Map<string, WorkloadHandler | undefined>();
  const make = (app: string | undefined, version: string | undefined): WorkloadHandler | undefined => {
    switch (app) {
      case 'productpage': return productpageHandler();
      case 'details': return detailsHandler();
      case 'ratings': return ratingsHandler();
      case 'reviews': return reviewsHandler(version);
      case 'grafana': return grafanaHandler();
      case 'kiali': return kialiHandler();
      case 'jaeger': return jaegerHandler();
      case 'prometheus': return undefined;
      default: return httpbin;
    }
  };
  return (pod) => {
    const app = appOf(pod);
    const key = `${app ?? ''}/${pod.labels['version'] ?? ''}`;
    if (!cache.has(key)) cache.set(key, make(app, pod.labels['version']));
    return cache.get(key);
  };
}
