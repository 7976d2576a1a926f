// The mTLS mode a workload's inbound sidecar enforces on a port, as istiod composes
// PeerAuthentications (pilot/pkg/security/authn/policy_applier.go: ComposePeerAuthentication):
// the workload's own policy (selector) over the namespace's over the mesh's (root namespace
// istio-system, no selector); at each level the oldest policy wins; UNSET inherits from the
// level above, a port-level mode overrides the workload's; nothing at all means PERMISSIVE.
import type { MeshSnapshot, Pod } from './mesh-config.js';
import type { MtlsMode, PeerAuthentication } from './security-config.js';

export type EffectiveMtls = Exclude<MtlsMode, 'UNSET'>;

export const rootNamespace = 'istio-system';

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function oldest(policies: PeerAuthentication[]): PeerAuthentication | undefined {
  return [...policies].sort((a, b) => a.creationTimestamp.localeCompare(b.creationTimestamp) || a.name.localeCompare(b.name))[0];
}

/** The policies that decide for `pod`, most specific first (workload, namespace, mesh). */
export function peerAuthenticationsFor(snapshot: MeshSnapshot, pod: Pod): { workload?: PeerAuthentication; namespace?: PeerAuthentication; mesh?: PeerAuthentication } {
  const all = snapshot.peerAuthentications ?? [];
  const inNamespace = all.filter((p) => p.namespace === pod.namespace);
  // A selector with no labels selects nothing in particular: istiod treats it as namespace-wide.
  const workload = oldest(inNamespace.filter((p) => p.selector !== undefined && Object.keys(p.selector).length > 0 && selects(p.selector, pod.labels)));
  const namespace = pod.namespace === rootNamespace ? undefined : oldest(inNamespace.filter((p) => p.selector === undefined || Object.keys(p.selector).length === 0));
  const mesh = oldest(all.filter((p) => p.namespace === rootNamespace && (p.selector === undefined || Object.keys(p.selector).length === 0)));
  return { ...(workload ? { workload } : {}), ...(namespace ? { namespace } : {}), ...(mesh ? { mesh } : {}) };
}

export function mtlsModeFor(snapshot: MeshSnapshot, pod: Pod, port: number): EffectiveMtls {
  const { workload, namespace, mesh } = peerAuthenticationsFor(snapshot, pod);
  let mode: EffectiveMtls = 'PERMISSIVE';
  for (const policy of [mesh, namespace, workload]) if (policy && policy.mode !== 'UNSET') mode = policy.mode;
  // portLevelMtls is honoured only on a policy with a selector (istiod ignores it otherwise).
  const portMode = workload?.portLevel[port];
  if (portMode !== undefined && portMode !== 'UNSET') mode = portMode;
  return mode;
}
