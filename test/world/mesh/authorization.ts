// AuthorizationPolicy as a workload's inbound sidecar enforces it (Istio's RBAC filters, built
// by pilot/pkg/security/authz/builder): the policies that apply (root namespace istio-system:
// every workload its selector matches; a namespace's: its pods, narrowed by the selector), then
// DENY (any matching rule denies), then ALLOW (when any ALLOW policy applies, a request must
// match one of their rules; an ALLOW policy without rules allows nothing). CUSTOM needs an
// external authorizer and AUDIT only logs: neither changes a decision here. Rules AND their
// from/to/when; entries inside each list, and values inside a field, are ORed.
import type { Pod } from './mesh-config.js';
import { rootNamespace } from './peer-authentication.js';
import type { AuthorizationPolicy, Condition, Operation, Rule, Source } from './security-config.js';

/** What the inbound sidecar knows of one request. */
export interface AuthzRequest {
  /** The mTLS peer's identity without `spiffe://` (cluster.local/ns/NS/sa/SA); undefined for plaintext. */
  principal?: string;
  sourceIP: string;
  method: string;
  /** Path without the query string. */
  path: string;
  host: string;
  port: number;
  headers: Record<string, string>;
}

export type AuthzDecision = { allowed: true } | { allowed: false; details: string };

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function policiesFor(policies: readonly AuthorizationPolicy[], pod: Pod): AuthorizationPolicy[] {
  return policies.filter((p) => (p.namespace === rootNamespace || p.namespace === pod.namespace) && (p.selector === undefined || selects(p.selector, pod.labels)));
}

/** Istio's string match for principals, namespaces, paths, hosts: exact, `prefix*`, `*suffix`, or `*` (any non-empty). */
export function stringMatches(pattern: string, value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

function ipInBlock(block: string, ip: string): boolean {
  const [base = '', bitsText] = block.split('/');
  const toInt = (a: string): number | undefined => {
    const parts = a.split('.').map(Number);
    return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts.reduce((n, p) => n * 256 + p, 0) : undefined;
  };
  const a = toInt(base);
  const b = toInt(ip);
  if (a === undefined || b === undefined) return false;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const size = 2 ** (32 - bits);
  return Math.floor(a / size) === Math.floor(b / size);
}

/** A field present must match one of its values; a `not` field present must match none. */
function field(values: string[] | undefined, notValues: string[] | undefined, test: (pattern: string) => boolean): boolean {
  if (values !== undefined && !values.some(test)) return false;
  return !(notValues !== undefined && notValues.some(test));
}

function namespaceOf(principal: string | undefined): string | undefined {
  return principal ? /\/ns\/([^/]+)\//.exec(principal)?.[1] : undefined;
}

function sourceMatches(source: Source, req: AuthzRequest): boolean {
  return field(source.principals, source.notPrincipals, (p) => stringMatches(p, req.principal))
    && field(source.namespaces, source.notNamespaces, (n) => stringMatches(n, namespaceOf(req.principal)))
    && field(source.ipBlocks, source.notIpBlocks, (b) => ipInBlock(b, req.sourceIP))
    && field(source.remoteIpBlocks, source.notRemoteIpBlocks, (b) => ipInBlock(b, req.sourceIP))
    // No JWT is ever validated in the world: a request principal never matches.
    && field(source.requestPrincipals, source.notRequestPrincipals, () => false);
}

function operationMatches(op: Operation, req: AuthzRequest): boolean {
  const host = req.host.toLowerCase();
  return field(op.methods, op.notMethods, (m) => m === req.method)
    && field(op.paths, op.notPaths, (p) => stringMatches(p, req.path))
    && field(op.ports, op.notPorts, (p) => Number(p) === req.port)
    && field(op.hosts, op.notHosts, (h) => stringMatches(h.toLowerCase(), host) || stringMatches(h.toLowerCase(), host.replace(/:\d+$/, '')));
}

function conditionValue(key: string, req: AuthzRequest): string | undefined {
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header?.[1]) return req.headers[header[1].toLowerCase()];
  switch (key) {
    case 'source.principal': return req.principal;
    case 'source.namespace': return namespaceOf(req.principal);
    case 'source.ip':
    case 'remote.ip': return req.sourceIP;
    case 'destination.port': return String(req.port);
    default: return undefined;
  }
}

function conditionMatches(condition: Condition, req: AuthzRequest): boolean {
  const value = conditionValue(condition.key, req);
  const ipKey = condition.key === 'source.ip' || condition.key === 'remote.ip';
  const test = (pattern: string): boolean => (ipKey ? ipInBlock(pattern, value ?? '') : stringMatches(pattern, value));
  return field(condition.values, condition.notValues, test);
}

export function ruleMatches(rule: Rule, req: AuthzRequest): boolean {
  const from = rule.from === undefined || rule.from.some((f) => sourceMatches(f.source ?? {}, req));
  const to = rule.to === undefined || rule.to.some((t) => operationMatches(t.operation ?? {}, req));
  const when = (rule.when ?? []).every((c) => conditionMatches(c, req));
  return from && to && when;
}

function byAge(a: AuthorizationPolicy, b: AuthorizationPolicy): number {
  return a.creationTimestamp.localeCompare(b.creationTimestamp) || `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`);
}

/** The decision for one request; details as Envoy's %RESPONSE_CODE_DETAILS% names a denial. */
export function authorize(policies: readonly AuthorizationPolicy[], pod: Pod, req: AuthzRequest): AuthzDecision {
  const applying = policiesFor(policies, pod).sort(byAge);
  for (const policy of applying.filter((p) => p.action === 'DENY')) {
    const index = policy.rules.findIndex((r) => ruleMatches(r, req));
    if (index >= 0) return { allowed: false, details: `rbac_access_denied_matched_policy[ns[${policy.namespace}]-policy[${policy.name}]-rule[${index}]]` };
  }
  const allows = applying.filter((p) => p.action === 'ALLOW');
  if (allows.length === 0 || allows.some((p) => p.rules.some((r) => ruleMatches(r, req)))) return { allowed: true };
  return { allowed: false, details: 'rbac_access_denied_matched_policy[none]' };
}
