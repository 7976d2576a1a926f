// Connects the data plane's access-log hook to a running test world, so Envoy lines show up in
// `kubectl logs <pod> -c istio-proxy` like a real sidecar's. Lines for pods that are already
// gone (or have no such container) are dropped, as a real proxy's would be with its pod.
import type { AccessLogHook } from './data-plane.js';

/** The one method of the world handle (test/world/index.ts) this needs. */
export interface LogSink {
  writeLog(namespace: string, pod: string, container: string, line: string): void;
}

export function worldAccessLog(world: LogSink): AccessLogHook {
  return (pod, container, line) => {
    try {
      world.writeLog(pod.namespace, pod.name, container, line);
    } catch {
      // The pod was deleted between routing and logging.
    }
  };
}
