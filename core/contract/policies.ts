// Shapes of the policy methods: one change to a service's routing policy (route, fault, timeout,
// retry, circuit breaker, TLS, or a clear), one security change (mTLS per namespace or mesh,
// authorization per workload or namespace), what previewing and applying them give, and what is
// in force for a service. Durations, matches and sources travel as the CLI writes them
// (`7s`, `header:end-user=jason`, `sa:default/bookinfo-productpage`); the core parses and checks them.

import type { RoutingBasisInfo, RoutingOwner, RoutingRefInfo, WeightInfo } from './traffic';
import { array, boolean, integer, nullable, object, oneOf, optional, SchemaError, string, type Schema } from './schema';

export const POLICY_KINDS = ['route', 'fault', 'timeout', 'retry', 'breaker', 'tls', 'clear'] as const;
export const CLEAR_WHAT = ['fault', 'timeout', 'retry', 'breaker', 'route', 'tls', 'all'] as const;
export const DR_TLS_MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] as const;

/** A number from 0 to 100, decimals allowed (Istio's Percent). */
function percent(): Schema<number> {
  const description = 'a percentage from 0 to 100';
  return {
    description,
    parse(value, path) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) throw new SchemaError(path, description);
      return value;
    },
  };
}

const name = string({ pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, hint: 'a DNS-1123 name (lowercase letters, digits and -)' });
const version = string({ pattern: /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/, hint: 'a version label such as v1' });
const duration = string({ pattern: /^[0-9.a-zµ]{1,32}$/, hint: 'an Istio duration such as 7s or 100ms' });
const words = string({ pattern: /^[^\r\n]{1,1000}$/, hint: 'one line' });
const count = integer({ min: 0, max: 2 ** 31 - 1 });
const resourceVersion = nullable(string({ pattern: /^[0-9A-Za-z._-]{1,64}$/, hint: 'a resourceVersion' }));

export const POLICY_CHANGE = object({
  kind: oneOf(POLICY_KINDS),
  /** The --match syntax: header:NAME=VALUE, header:NAME^=PREFIX, header:NAME~=REGEX, uri:/path, uri:/prefix*, method:GET. */
  match: optional(words),
  to: optional(version),
  /** A route to a weighted split instead of one version (`--to v1=50,v3=50`); whole numbers summing to 100. */
  toWeights: optional(array(object({ version, weight: integer({ min: 0, max: 100 }) }), { maxItems: 32 })),
  otherwise: optional(version),
  delay: optional(duration),
  abort: optional(integer({ min: 200, max: 599 })),
  percent: optional(percent()),
  timeout: optional(duration),
  attempts: optional(count),
  perTryTimeout: optional(duration),
  retryOn: optional(words),
  maxConnections: optional(count),
  http1MaxPendingRequests: optional(count),
  maxRequestsPerConnection: optional(count),
  consecutive5xxErrors: optional(count),
  interval: optional(duration),
  baseEjectionTime: optional(duration),
  maxEjectionPercent: optional(integer({ min: 0, max: 100 })),
  tls: optional(oneOf(DR_TLS_MODES)),
  clear: optional(oneOf(CLEAR_WHAT)),
});

const policyTarget = { service: name, namespace: optional(name), change: POLICY_CHANGE, takeOver: optional(boolean()) };
const basedOn = object({ VirtualService: resourceVersion, DestinationRule: resourceVersion });

export const SECURITY_CHANGE = object({
  kind: oneOf(['mtls', 'authz'] as const),
  /** mtls: STRICT, PERMISSIVE or DISABLE; `mesh` puts it in istio-system for every namespace. */
  mode: optional(oneOf(['STRICT', 'PERMISSIVE', 'DISABLE'] as const)),
  mesh: optional(boolean()),
  /** authz: the workload (app label); absent for the whole namespace. */
  workload: optional(name),
  action: optional(oneOf(['allow', 'deny-all', 'allow-nothing'] as const)),
  from: optional(words),
  methods: optional(words),
  paths: optional(words),
  /** Removes the object MeshDeck wrote for this change instead (`mtls NS --clear`, `authz TARGET ACTION --clear`). */
  clear: optional(boolean()),
});

const securityTarget = { namespace: optional(name), change: SECURITY_CHANGE, takeOver: optional(boolean()) };

export const POLICY_METHOD_PARAMS = {
  /** Everything in force for the service: its rules with their faults, timeouts and retries, breaker, TLS, and who wrote them. */
  'policies.show': object({ service: name, namespace: optional(name) }),
  'policies.preview': object(policyTarget),
  /** Applies one change composed with the live objects; `basedOn` makes an edit by someone else since then a CONFLICT. */
  'policies.apply': object({ ...policyTarget, basedOn: optional(basedOn) }),
  /** Puts the service's VirtualService and DestinationRule back as they were before MeshDeck's last change; CONFLICT when they changed since (or since `basedOn`). */
  'policies.undo': object({ service: name, namespace: optional(name), basedOn: optional(basedOn) }),
  'security.preview': object(securityTarget),
  'security.apply': object({ ...securityTarget, basedOn: optional(resourceVersion) }),
} as const;

export type PolicyChangeInfo = ReturnType<typeof POLICY_CHANGE.parse>;
export type SecurityChangeInfo = ReturnType<typeof SECURITY_CHANGE.parse>;

export interface PolicyRuleInfo {
  /** The match in the --match syntax, or "every request" for the default route. */
  match: string;
  /** Where it sends requests, as whole percentages of the rule's (relative) weights. */
  route: WeightInfo[];
  delay?: { fixedDelay: string; percent: number };
  abort?: { httpStatus: number; percent: number };
  timeout?: string;
  retries?: { attempts: number; perTryTimeout?: string; retryOn?: string };
}

export interface ServicePolicyInfo {
  service: string;
  namespace: string;
  owner: RoutingOwner;
  objects: RoutingRefInfo[];
  /** What an apply made from this view sends as `basedOn`. */
  basedOn: RoutingBasisInfo;
  rules: PolicyRuleInfo[];
  breaker?: { maxConnections?: number; http1MaxPendingRequests?: number; maxRequestsPerConnection?: number; consecutive5xxErrors?: number; interval?: string; baseEjectionTime?: string; maxEjectionPercent?: number };
  tls?: string;
  /** The security objects that apply to the service's workloads (absent when the cluster has no security.istio.io API). */
  security?: SecurityInForceInfo;
}

export interface SecurityInForceInfo {
  /** The mode its workloads accept, and the PeerAuthentication that says so (none: Istio's default, PERMISSIVE). */
  mtls: { mode: string; object: string | null };
  /** AuthorizationPolicies selecting its workloads (app label) or its whole namespace, and mesh-wide ones. */
  authorization: { namespace: string; name: string; action: string; rules: number; owner: Exclude<RoutingOwner, 'none'> }[];
}

export interface PolicyDiffInfo {
  kind: string;
  name: string;
  namespace: string;
  before: string | null;
  after: string;
  changed: boolean;
}

export interface PolicyPreviewInfo {
  yaml: string;
  diff: PolicyDiffInfo[];
  owner: RoutingOwner;
  /** What the change will run into, saying what to do (a DestinationRule turning TLS off under STRICT). */
  warnings?: string[];
  /** A security preview: the resourceVersion of the object it replaces (null: none yet), for `security.apply`'s basedOn. */
  basedOn?: string | null;
}

export interface PolicyApplyInfo {
  service?: string;
  namespace: string;
  objects: { kind: string; name: string; namespace: string; action: 'created' | 'configured' | 'unchanged' | 'deleted'; resourceVersion: string }[];
  acceptedAt: string;
  warnings?: string[];
}

export type PolicyMethodResults = {
  'policies.show': ServicePolicyInfo;
  'policies.preview': PolicyPreviewInfo;
  'policies.apply': PolicyApplyInfo;
  'policies.undo': PolicyApplyInfo;
  'security.preview': PolicyPreviewInfo;
  'security.apply': PolicyApplyInfo;
};
