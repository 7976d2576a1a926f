// `istioctl x check-inject`: reads the cluster's Istio injection webhooks and says, per webhook,
// whether a pod (named, found through its Deployment, or described by -l labels) is or would be
// injected and why — the table and the reasons of istioctl/pkg/checkinject/checkinject.go. The
// analysis is pure; only runCheckInject talks to the cluster.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeAccess } from './kube-access.js';
import { IstioctlError, type Io } from './istioctl-io.js';

type Labels = Record<string, string>;

interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: Requirement[];
}

export interface InjectionWebhook {
  name: string;
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
}

export interface WebhookConfiguration {
  metadata: { name: string; labels?: Labels };
  webhooks?: InjectionWebhook[];
}

export interface WebhookAnalysis {
  name: string;
  revision: string;
  injected: boolean;
  reason: string;
}

/** metav1.LabelSelectorAsSelector(...).Matches: every label and every expression must hold. */
function matches(selector: LabelSelector, labels: Labels): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  return byLabels && (selector.matchExpressions ?? []).every((r) => {
    const has = r.key in labels;
    if (r.operator === 'Exists') return has;
    if (r.operator === 'DoesNotExist') return !has;
    if (r.operator === 'In') return has && (r.values ?? []).includes(labels[r.key]!);
    return !has || !(r.values ?? []).includes(labels[r.key]!);
  });
}

/** extractMatchedSelectorInfo: whether it matches, and the In/NotIn label that made it match. */
function matchedInfo(selector: LabelSelector | undefined, labels: Labels): { matched: boolean; label: string } {
  if (!selector) return { matched: true, label: '' };
  if (!matches(selector, labels)) return { matched: false, label: '' };
  const hit = (selector.matchExpressions ?? []).find((r) => (r.operator === 'In' || r.operator === 'NotIn') && r.key in labels);
  return { matched: true, label: hit ? `${hit.key}=${labels[hit.key]}` : '' };
}

const NEVER_MATCH = JSON.stringify({ matchLabels: { 'istio.io/deactivated': 'never-match' } });

function noMatchReason(webhooks: InjectionWebhook[]): string {
  const inLabels = (s: LabelSelector | undefined): string[] => (s?.matchExpressions ?? []).filter((r) => r.operator === 'In').flatMap((r) => (r.values ?? []).map((v) => `${r.key}=${v}`));
  if (webhooks.some((w) => JSON.stringify(w.namespaceSelector) === NEVER_MATCH && JSON.stringify(w.objectSelector) === NEVER_MATCH)) {
    return 'The injection webhook is deactivated, and will never match labels.';
  }
  return `No matching namespace labels (${webhooks.flatMap((w) => inLabels(w.namespaceSelector)).join(', ')}) or pod labels (${webhooks.flatMap((w) => inLabels(w.objectSelector)).join(', ')})`;
}

/** analyzeWebhooksMatchStatus: the first webhook that decides, else why none matched. */
function matchStatus(webhooks: InjectionWebhook[], podLabels: Labels, nsLabels: Labels): { reason: string; injected: boolean } {
  for (const wh of webhooks) {
    const ns = matchedInfo(wh.namespaceSelector, nsLabels);
    const pod = matchedInfo(wh.objectSelector, podLabels);
    if (ns.matched && pod.matched) {
      if (ns.label && pod.label) return { reason: `Namespace label ${ns.label} matches, and pod label ${pod.label} matches`, injected: true };
      if (ns.label) return { reason: `Namespace label ${ns.label} matches${ns.label.includes('kubernetes.io/metadata.name') ? ' (Automatic injection is enabled in all namespaces).' : ''}`, injected: true };
      if (pod.label) return { reason: `Pod label ${pod.label} matches`, injected: true };
    } else if (ns.matched) {
      for (const r of wh.objectSelector?.matchExpressions ?? []) {
        const value = podLabels[r.key];
        if (value === undefined) continue;
        if (r.operator === 'DoesNotExist' || (r.operator === 'NotIn' && (r.values ?? []).includes(value))) {
          return { reason: `Pod has ${r.key}=${value} label, preventing injection`, injected: false };
        }
      }
    } else if (pod.matched) {
      const value = nsLabels['istio-injection'];
      if (value !== undefined && value !== 'enabled') return { reason: `Namespace has istio-injection=${value} label, preventing injection`, injected: false };
    }
  }
  return { reason: noMatchReason(webhooks), injected: false };
}

/** analyzeRunningWebhooks: one row per Istio webhook configuration (a webhook named *istio.io), by name. */
export function analyzeWebhooks(configurations: WebhookConfiguration[], podLabels: Labels, nsLabels: Labels): WebhookAnalysis[] {
  return configurations
    .filter((c) => (c.webhooks ?? []).some((w) => w.name.endsWith('istio.io')))
    .map((c) => ({ name: c.metadata.name, revision: c.metadata.labels?.['istio.io/rev'] ?? '', ...matchStatus(c.webhooks ?? [], podLabels, nsLabels) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** fatih/color with EnableColor(): istioctl colours the INJECTED cell even when not on a terminal. */
function colored(text: string, code: number): string {
  return `\x1b[${code}m${text}\x1b[0m`;
}

/**
 * printCheckInjectorResults through istioctl's table writer (istioctl/pkg/writer/table): columns
 * as wide as their widest cell in bytes (escape codes included), padded by rune count plus two.
 */
export function formatCheckInject(results: WebhookAnalysis[]): string {
  if (results.length === 0) return 'ERROR: no Istio injection hooks present.\n';
  const rows = [['WEBHOOK', 'REVISION', 'INJECTED', 'REASON'].map((value) => ({ value, shown: value }))];
  for (const r of results) {
    const mark = r.injected ? { value: '✔', shown: colored('✔', 32) } : { value: '✘', shown: colored('✘', 31) };
    rows.push([{ value: r.name, shown: r.name }, { value: r.revision, shown: r.revision }, mark, { value: r.reason, shown: r.reason }]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => Buffer.byteLength(row[i]!.shown))));
  let out = rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell.shown : cell.shown + ' '.repeat(widths[i]! - [...cell.value].length + 2))).join('') + '\n').join('');
  if (results.filter((r) => r.injected).length > 1) out += 'ERROR: multiple webhooks will inject, which can lead to errors';
  return out;
}

/** inferNsInfo (istioctl/pkg/util/handlers): "[type/]name[.namespace]". */
export function splitTarget(target: string, namespace: string): { resource: string; namespace: string } {
  const slash = target.lastIndexOf('/');
  const dot = target.lastIndexOf('.');
  if (dot > slash && dot > 0) return { resource: target.slice(0, dot), namespace: target.slice(dot + 1) };
  return { resource: target, namespace };
}

const workloadKinds: Record<string, [apiVersion: string, kind: string, plural: string]> = {
  deployment: ['apps/v1', 'Deployment', 'deployments.apps'], deployments: ['apps/v1', 'Deployment', 'deployments.apps'], deploy: ['apps/v1', 'Deployment', 'deployments.apps'],
  replicaset: ['apps/v1', 'ReplicaSet', 'replicasets.apps'], replicasets: ['apps/v1', 'ReplicaSet', 'replicasets.apps'], rs: ['apps/v1', 'ReplicaSet', 'replicasets.apps'],
  statefulset: ['apps/v1', 'StatefulSet', 'statefulsets.apps'], statefulsets: ['apps/v1', 'StatefulSet', 'statefulsets.apps'], sts: ['apps/v1', 'StatefulSet', 'statefulsets.apps'],
  daemonset: ['apps/v1', 'DaemonSet', 'daemonsets.apps'], daemonsets: ['apps/v1', 'DaemonSet', 'daemonsets.apps'], ds: ['apps/v1', 'DaemonSet', 'daemonsets.apps'],
};

type PodLike = KubernetesObject & { status?: { phase?: string } };

/** InferPodInfoFromTypedResource: a pod by name, or the first pod a workload selects (running pods first, like kubectl logs). */
async function podOf(kube: KubeAccess, resource: string, namespace: string): Promise<string> {
  const [type, name] = resource.includes('/') ? resource.split('/', 2) as [string, string] : ['pod', resource];
  if (['pod', 'pods', 'po'].includes(type.toLowerCase())) return name;
  const kind = workloadKinds[type.toLowerCase()];
  if (!kind) throw new IstioctlError(`failed retrieving: the server doesn't have a resource type "${type}" in the "${namespace}" namespace`);
  const workload = (await kube.list(kind[0], kind[1], namespace)).find((o) => o.metadata?.name === name) as (KubernetesObject & { spec?: { selector?: { matchLabels?: Labels } } }) | undefined;
  if (!workload) throw new IstioctlError(`failed retrieving: ${kind[2]} "${name}" not found in the "${namespace}" namespace`);
  const selector = Object.entries(workload.spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = (await kube.list('v1', 'Pod', namespace, selector)) as PodLike[];
  const pod = pods.find((p) => p.status?.phase === 'Running') ?? pods[0];
  if (!pod) throw new IstioctlError(`no pods match "${resource}"`);
  return pod.metadata?.name ?? '';
}

/** metav1.ParseToLabelSelector(...).MatchLabels: the k=v (or k==v) terms of -l. */
function equalityLabels(text: string): Labels {
  const labels: Labels = {};
  for (const term of text.split(',').map((t) => t.trim()).filter(Boolean)) {
    const match = /^([^!=\s]+)\s*==?\s*(\S*)$/.exec(term);
    if (match) labels[match[1]!] = match[2]!;
  }
  return labels;
}

async function labelsOf(kube: KubeAccess, apiVersion: string, kind: string, name: string, namespace: string | undefined, notFound: string): Promise<Labels> {
  const found = (await kube.list(apiVersion, kind, namespace)).find((o) => o.metadata?.name === name);
  if (!found) throw new IstioctlError(notFound);
  return found.metadata?.labels ?? {};
}

export interface CheckInjectArgs {
  targets: string[];
  labels?: string;
  namespace: string;
}

export async function runCheckInject(args: CheckInjectArgs, kube: KubeAccess, io: Io): Promise<void> {
  if ((args.targets.length === 0 && !args.labels) || args.targets.length > 1) {
    io.err('Usage:\n  istioctl experimental check-inject [<type>/]<name>[.<namespace>] [flags]\n\n');
    throw new IstioctlError('check-inject requires only [<resource-type>/]<resource-name>[.<namespace>], or specify labels flag');
  }
  let podLabels: Labels;
  let namespace = args.namespace;
  if (args.targets.length === 1) {
    const target = splitTarget(args.targets[0]!, args.namespace);
    namespace = target.namespace;
    const pod = await podOf(kube, target.resource, namespace);
    podLabels = await labelsOf(kube, 'v1', 'Pod', pod, namespace, `pods "${pod}" not found`);
  } else {
    podLabels = equalityLabels(args.labels ?? '');
  }
  const nsLabels = await labelsOf(kube, 'v1', 'Namespace', namespace, undefined, `namespaces "${namespace}" not found`);
  const configurations = (await kube.list('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration')) as unknown as WebhookConfiguration[];
  io.out(formatCheckInject(analyzeWebhooks(configurations, podLabels, nsLabels)));
}
