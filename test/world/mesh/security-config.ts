// Istio's security objects as the world's sidecars read them: PeerAuthentication (mTLS mode for
// a mesh, namespace or workload, per port) and AuthorizationPolicy (action, selector, rules),
// security.istio.io/v1, normalised from the API server's JSON. Parsing only: which policy
// applies and what it decides live in peer-authentication.ts and authorization.ts.

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

export interface PeerAuthentication {
  namespace: string;
  name: string;
  creationTimestamp: string;
  /** spec.selector.matchLabels; undefined = the whole namespace (the mesh in the root namespace). */
  selector?: Record<string, string>;
  mode: MtlsMode;
  /** portLevelMtls, by workload (container) port. */
  portLevel: Record<number, MtlsMode>;
}

export interface Source {
  principals?: string[];
  notPrincipals?: string[];
  requestPrincipals?: string[];
  notRequestPrincipals?: string[];
  namespaces?: string[];
  notNamespaces?: string[];
  ipBlocks?: string[];
  notIpBlocks?: string[];
  remoteIpBlocks?: string[];
  notRemoteIpBlocks?: string[];
}

export interface Operation {
  hosts?: string[];
  notHosts?: string[];
  ports?: string[];
  notPorts?: string[];
  methods?: string[];
  notMethods?: string[];
  paths?: string[];
  notPaths?: string[];
}

export interface Condition {
  key: string;
  values?: string[];
  notValues?: string[];
}

export interface Rule {
  from?: { source?: Source }[];
  to?: { operation?: Operation }[];
  when?: Condition[];
}

export type AuthorizationAction = 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';

export interface AuthorizationPolicy {
  namespace: string;
  name: string;
  creationTimestamp: string;
  selector?: Record<string, string>;
  action: AuthorizationAction;
  rules: Rule[];
}

type Raw = Record<string, unknown>;

function record(value: unknown): Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {};
}

function meta(raw: Raw): { namespace: string; name: string; creationTimestamp: string } {
  const m = record(raw['metadata']);
  const created = m['creationTimestamp'];
  return {
    namespace: typeof m['namespace'] === 'string' ? m['namespace'] : 'default',
    name: typeof m['name'] === 'string' ? m['name'] : '',
    creationTimestamp: created instanceof Date ? created.toISOString() : typeof created === 'string' ? created : '',
  };
}

function matchLabels(spec: Raw): Record<string, string> | undefined {
  const selector = spec['selector'];
  if (selector === undefined || selector === null) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(record(selector)['matchLabels']))) if (typeof v === 'string') out[k] = v;
  return out;
}

function modeOf(value: unknown): MtlsMode {
  const mode = record(value)['mode'];
  return mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE' ? mode : 'UNSET';
}

export function peerAuthenticationFrom(raw: unknown): PeerAuthentication {
  const obj = record(raw);
  const spec = record(obj['spec']);
  const portLevel: Record<number, MtlsMode> = {};
  for (const [port, value] of Object.entries(record(spec['portLevelMtls']))) portLevel[Number(port)] = modeOf(value);
  const selector = matchLabels(spec);
  return { ...meta(obj), ...(selector ? { selector } : {}), mode: modeOf(spec['mtls']), portLevel };
}

export function authorizationPolicyFrom(raw: unknown): AuthorizationPolicy {
  const obj = record(raw);
  const spec = record(obj['spec']);
  const action = spec['action'];
  const selector = matchLabels(spec);
  return {
    ...meta(obj),
    ...(selector ? { selector } : {}),
    action: action === 'DENY' || action === 'AUDIT' || action === 'CUSTOM' ? action : 'ALLOW',
    // The CRD schema (checked by the API server) gives rules their shape.
    rules: Array.isArray(spec['rules']) ? (spec['rules'] as Rule[]).map((r) => record(r) as Rule) : [],
  };
}
