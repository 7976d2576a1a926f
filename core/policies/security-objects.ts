// Istio's security objects MeshDeck writes (security.istio.io/v1): a PeerAuthentication per
// namespace, or mesh-wide in istio-system, named `default` as the mTLS task names it; and
// AuthorizationPolicies per workload (selector app=NAME) or namespace: allow-nothing (an empty
// spec), deny-all (DENY with one empty rule) and ALLOW rules from principals or namespaces with
// methods and paths, added to the rules already there. Pure; validated with @kubernetes-models.

import { AuthorizationPolicy, PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1';
import { AppError } from '../contract';
import { sameJson } from '../traffic/routing-yaml';
import type { KubeObject } from '../kube';
import { MANAGED_BY, record } from './policy-objects';

export const ISTIO_SECURITY_API = 'security.istio.io/v1';
/** Where a mesh-wide PeerAuthentication lives (Istio's root namespace). */
export const MESH_NAMESPACE = 'istio-system';
export const MTLS_MODES = ['STRICT', 'PERMISSIVE', 'DISABLE'] as const;
export type MtlsMode = (typeof MTLS_MODES)[number];
export const AUTHZ_ACTIONS = ['allow', 'deny-all', 'allow-nothing'] as const;
export type AuthzAction = (typeof AUTHZ_ACTIONS)[number];
// Istio's default trust domain: principals are cluster.local/ns/NAMESPACE/sa/SERVICE_ACCOUNT.
const TRUST_DOMAIN = 'cluster.local';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const METHOD = /^[A-Z]+$/;

/** A workload (its `app` label) in a namespace, or the whole namespace when workload is absent. */
export interface AuthzTarget {
  namespace: string;
  workload?: string;
}

export interface AllowRule {
  principals?: string[];
  namespaces?: string[];
  methods?: string[];
  paths?: string[];
}

function invalid(message: string, argument?: string): AppError {
  return new AppError('INVALID_ARGUMENT', message, argument !== undefined ? { argument } : {});
}

function metadata(name: string, namespace: string): KubeObject['metadata'] {
  return { name, namespace, labels: { [MANAGED_BY.key]: MANAGED_BY.value } };
}

function validated<T extends KubeObject>(object: T, Model: typeof PeerAuthentication | typeof AuthorizationPolicy): T {
  try {
    // The model classes take their own interface; the check itself is what validate() is for.
    new Model(object as never).validate();
  } catch (error) {
    throw invalid(`${object.kind ?? ''} "${object.metadata?.name ?? '?'}" does not fit Istio's schema: ${(error as Error).message}`);
  }
  return object;
}

/** `strict` → STRICT; INVALID_ARGUMENT for anything else. */
export function parseMtlsMode(text: string): MtlsMode {
  const mode = text.toUpperCase();
  if (!(MTLS_MODES as readonly string[]).includes(mode)) throw invalid(`The mTLS mode is strict, permissive or disable (got "${text}"), e.g. meshdeck mtls default strict.`, text);
  return mode as MtlsMode;
}

/** The namespace's PeerAuthentication `default` (mesh: the one in istio-system, for every namespace). */
export function peerAuthentication(namespace: string, mode: MtlsMode, mesh = false): KubeObject {
  const where = mesh ? MESH_NAMESPACE : namespace;
  if (!DNS_LABEL.test(where)) throw invalid(`"${where}" is not a namespace name (lowercase letters, digits and -).`, where);
  return validated({ apiVersion: ISTIO_SECURITY_API, kind: 'PeerAuthentication', metadata: metadata('default', where), spec: { mtls: { mode } } }, PeerAuthentication);
}

/** The name MeshDeck gives the policy of one action on a target: deny-all, allow-nothing, allow; prefixed by the workload. */
export function authzPolicyName(target: AuthzTarget, action: AuthzAction): string {
  return target.workload ? `${target.workload}-${action}` : action;
}

/** `sa:default/bookinfo-productpage,ns:foo` → principals and namespaces (a full principal passes as written). */
export function parseSources(text: string): Pick<AllowRule, 'principals' | 'namespaces'> {
  const principals: string[] = [];
  const namespaces: string[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const sa = /^sa:([a-z0-9-]+)\/([a-z0-9][-a-z0-9.]*)$/.exec(part);
    const ns = /^ns:([a-z0-9-]+)$/.exec(part);
    if (sa) principals.push(`${TRUST_DOMAIN}/ns/${sa[1] as string}/sa/${sa[2] as string}`);
    else if (ns) namespaces.push(ns[1] as string);
    else if (/^[^\s/]+\/ns\/[a-z0-9-]+\/sa\/[^\s/]+$/.test(part)) principals.push(part);
    else throw invalid(`--from takes sa:NAMESPACE/SERVICE_ACCOUNT (e.g. sa:default/bookinfo-productpage), ns:NAMESPACE or a principal such as cluster.local/ns/default/sa/curl; got "${part}".`, part);
  }
  if (principals.length + namespaces.length === 0) throw invalid('--from needs a source, e.g. --from sa:default/bookinfo-productpage.', text);
  return { ...(principals.length > 0 ? { principals } : {}), ...(namespaces.length > 0 ? { namespaces } : {}) };
}

/** `GET,POST` → upper-case methods. */
export function parseMethods(text: string): string[] {
  const methods = text.split(',').map((m) => m.trim().toUpperCase()).filter((m) => m !== '');
  const bad = methods.filter((m) => !METHOD.test(m));
  if (methods.length === 0 || bad.length > 0) throw invalid(`--methods takes HTTP methods separated by commas, such as GET,POST; got "${text}".`, text);
  return methods;
}

/** `/api/*,/productpage` → paths Istio matches (exact, prefix `/api/*`, suffix `*.css` or `*`). */
export function parsePaths(text: string): string[] {
  const paths = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const bad = paths.filter((p) => !(p.startsWith('/') || p.startsWith('*')) || /\s/.test(p) || p.slice(1, -1).includes('*'));
  if (paths.length === 0 || bad.length > 0) throw invalid(`--paths takes paths separated by commas, each exact (/productpage), a prefix (/api/*) or a suffix (*.css); got "${text}".`, text);
  return paths;
}

function allowRuleSpec(rule: AllowRule): Record<string, unknown> {
  const source = { ...(rule.principals ? { principals: rule.principals } : {}), ...(rule.namespaces ? { namespaces: rule.namespaces } : {}) };
  const operation = { ...(rule.methods ? { methods: rule.methods } : {}), ...(rule.paths ? { paths: rule.paths } : {}) };
  return { ...(Object.keys(source).length > 0 ? { from: [{ source }] } : {}), ...(Object.keys(operation).length > 0 ? { to: [{ operation }] } : {}) };
}

/**
 * The AuthorizationPolicy for `action` on the target. allow-nothing is `spec: {}` plus the
 * selector (an ALLOW policy with no rules matches nothing, so everything is denied); deny-all is
 * DENY with one empty rule (it matches every request); allow adds `rule` to the live policy's
 * rules unless the same rule is there already.
 */
export function authorizationPolicy(target: AuthzTarget, action: AuthzAction, rule?: AllowRule, live?: KubeObject): KubeObject {
  const { namespace, workload } = target;
  const problems = [namespace, ...(workload ? [workload] : [])].filter((name) => !DNS_LABEL.test(name));
  if (problems.length > 0) throw invalid(`${problems.map((p) => `"${p}"`).join(' and ')} is not a name (lowercase letters, digits and -).`, problems[0]);
  const selector = workload ? { selector: { matchLabels: { app: workload } } } : {};
  let spec: Record<string, unknown>;
  if (action === 'allow-nothing') spec = { ...selector };
  else if (action === 'deny-all') spec = { ...selector, action: 'DENY', rules: [{}] };
  else {
    const wanted = allowRuleSpec(rule ?? {});
    const liveRules = record(live?.['spec'])?.['rules'];
    const rules = Array.isArray(liveRules) ? structuredClone(liveRules as unknown[]) : [];
    if (!rules.some((r) => sameJson(r, wanted))) rules.push(wanted);
    spec = { ...selector, action: 'ALLOW', rules };
  }
  return validated({ apiVersion: ISTIO_SECURITY_API, kind: 'AuthorizationPolicy', metadata: metadata(authzPolicyName(target, action), namespace), spec }, AuthorizationPolicy);
}
