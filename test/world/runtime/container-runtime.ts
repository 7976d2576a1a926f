// The contract between the world's kubelet and the few containers that run as real processes
// (Prometheus): the kubelet asks a runtime to start a container; the runtime says whether it
// claims that image, then reports the process's progress (starting, ready, failed) through a
// callback so the kubelet can write container statuses. Every other container stays simulated.
import type { KubeObject } from '../store.js';

export type ContainerProcessState =
  | { phase: 'starting' }
  | { phase: 'ready' }
  /** Could not start (the kubelet's RunContainerError) or exited afterwards (CrashLoopBackOff). */
  | { phase: 'failed'; reason: 'RunContainerError' | 'CrashLoopBackOff'; message: string; exitCode?: number };

export interface ContainerProcess {
  state(): ContainerProcessState;
  /** Ends the process (SIGTERM, then SIGKILL) and releases what it held. */
  stop(): Promise<void>;
}

export interface ContainerStart {
  pod: KubeObject;
  container: string;
  image: string;
  podIP: string;
  /** Called on every change of state(); the kubelet re-examines the pod. */
  onChange(): void;
}

export interface ContainerRuntime {
  /** A running process for this container, or undefined when the image is simulated. */
  start(request: ContainerStart): ContainerProcess | undefined;
  /** Stops every process this runtime started. */
  stop(): Promise<void>;
}

/** Several runtimes; the first that claims an image runs it. */
export function combinedRuntime(runtimes: ContainerRuntime[]): ContainerRuntime {
  return {
    start(request) {
      for (const runtime of runtimes) {
        const process = runtime.start(request);
        if (process) return process;
      }
      return undefined;
    },
    async stop() {
      await Promise.all(runtimes.map((r) => r.stop()));
    },
  };
}
