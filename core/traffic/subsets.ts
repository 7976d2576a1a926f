// A service's versions: which workloads the Service selects, and the version label their pods
// carry (Kiali's precedence, see core/kube's pod resource), grouped and sorted naturally (v1, v2,
// v10). Pure: the caller reads Services and workloads from the cluster and hands them in.

import type { TrafficVersionInfo } from '../contract';
import { selects, VERSION_LABELS, versionOf } from '../kube';

export interface ServiceSelection {
  name: string;
  namespace: string;
  /** The Service's spec.selector; a Service without one selects no pods. */
  selector: Record<string, string> | undefined;
}

export interface VersionSource {
  /** Workload (or pod) name. */
  name: string;
  /** The labels its pods carry (a Deployment's pod template labels, or a pod's own). */
  labels: Record<string, string> | undefined;
  /** Desired pods; 1 when omitted (a pod stands for itself). */
  replicas?: number;
  /** Ready pods, or for a single pod whether it is ready; 0 when omitted. */
  ready?: number | boolean;
}

/**
 * One entry per version among the workloads the service selects, sorted naturally. Workloads
 * without a version label are left out: they cannot be a subset (traffic to them follows the
 * service's default routing).
 */
export function versionsOfService(service: ServiceSelection, workloads: readonly VersionSource[]): TrafficVersionInfo[] {
  const byVersion = new Map<string, TrafficVersionInfo>();
  for (const workload of workloads) {
    if (!selects(service.selector, workload.labels)) continue;
    const version = versionOf(workload.labels);
    if (version === undefined) continue;
    const entry = byVersion.get(version) ?? { name: version, workloads: [], pods: 0, ready: 0 };
    entry.workloads.push(workload.name);
    entry.pods += workload.replicas ?? 1;
    entry.ready += typeof workload.ready === 'boolean' ? Number(workload.ready) : (workload.ready ?? 0);
    byVersion.set(version, entry);
  }
  const versions = [...byVersion.values()].sort((a, b) => naturalCompare(a.name, b.name));
  for (const version of versions) version.workloads.sort(naturalCompare);
  return versions;
}

/** The label key a service's workloads carry their version under (Kiali's order), default "version". */
export function versionLabelKey(workloads: readonly VersionSource[]): string {
  for (const key of VERSION_LABELS) if (workloads.some((w) => w.labels?.[key] !== undefined)) return key;
  return 'version';
}

/** Compares digit runs as numbers so v2 sorts before v10; locale-free, so every face sorts alike. */
export function naturalCompare(a: string, b: string): number {
  const left = a.split(/(\d+)/);
  const right = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i] as string;
    const y = right[i] as string;
    if (x === y) continue;
    // Odd chunks are digit runs: the shorter run (leading zeros aside) is the smaller number.
    if (i % 2 === 1) {
      const nx = x.replace(/^0+(?=\d)/, '');
      const ny = y.replace(/^0+(?=\d)/, '');
      if (nx.length !== ny.length) return nx.length - ny.length;
      if (nx !== ny) return nx < ny ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return left.length - right.length || (a < b ? -1 : a > b ? 1 : 0);
}
