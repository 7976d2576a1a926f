// MeshDeck's own kubeconfig holds one context per lab. This module is the pure half of keeping
// it: read a kubeconfig text into plain entries, check that what kind handed back is a usable
// context (server, CA, credentials) before it is trusted, and merge or remove one lab's cluster,
// user and context by name without touching any other entry. File IO and locking live with the
// lab (core/lab/lab-kubeconfig.ts).

import { parse, stringify } from 'yaml';
import { AppError } from '../contract';

interface Named {
  name: string;
  [key: string]: unknown;
}

export interface KubeconfigDoc {
  apiVersion: string;
  kind: string;
  clusters: Named[];
  users: Named[];
  contexts: Named[];
  'current-context'?: string;
  [key: string]: unknown;
}

/** One lab's three entries, as kind names them (kind-<name> for each). */
export interface LabEntries {
  context: Named;
  cluster: Named;
  user: Named;
}

function namedList(value: unknown): Named[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is Named => typeof item === 'object' && item !== null && typeof (item as Named).name === 'string');
}

/** A kubeconfig's text as a document; an empty text is an empty kubeconfig. Throws a plain Error on bad YAML. */
export function parseKubeconfig(text: string): KubeconfigDoc {
  const value = (text.trim() === '' ? {} : parse(text)) as Record<string, unknown> | null;
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) throw new Error('it is not a YAML mapping');
  const doc = value ?? {};
  return {
    ...doc,
    apiVersion: typeof doc.apiVersion === 'string' ? doc.apiVersion : 'v1',
    kind: typeof doc.kind === 'string' ? doc.kind : 'Config',
    clusters: namedList(doc.clusters),
    users: namedList(doc.users),
    contexts: namedList(doc.contexts),
  };
}

export function renderKubeconfig(doc: KubeconfigDoc): string {
  return stringify(doc);
}

function field(entry: Named | undefined, section: string, key: string): unknown {
  const body = entry?.[section];
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
}

/** What is missing for `context` to be usable, or undefined when it is complete. */
function missingPart(doc: KubeconfigDoc, context: string): string | undefined {
  const entry = doc.contexts.find((c) => c.name === context);
  if (!entry) return `a context named ${context}`;
  const clusterName = field(entry, 'context', 'cluster');
  const userName = field(entry, 'context', 'user');
  const cluster = doc.clusters.find((c) => c.name === clusterName);
  const user = doc.users.find((u) => u.name === userName);
  if (!cluster) return `the cluster entry its context ${context} names`;
  const server = field(cluster, 'cluster', 'server');
  if (typeof server !== 'string' || !/^https:\/\/\S+$/.test(server)) return `an https server address for ${context}`;
  if (typeof field(cluster, 'cluster', 'certificate-authority-data') !== 'string') return `the certificate authority of ${context}`;
  if (!user) return `the user entry its context ${context} names`;
  const certificate = typeof field(user, 'user', 'client-certificate-data') === 'string' && typeof field(user, 'user', 'client-key-data') === 'string';
  if (!certificate && typeof field(user, 'user', 'token') !== 'string') return `credentials for ${context}`;
  return undefined;
}

/**
 * The lab's entries out of the kubeconfig text kind produced (`kind get kubeconfig`, or the file
 * `kind create cluster --kubeconfig` wrote), refused when any part is missing: a half-made
 * cluster hands back a kubeconfig without one, and trusting it strands every later step.
 */
export function labEntriesFrom(text: string, context: string, source: string): LabEntries {
  let doc: KubeconfigDoc;
  try {
    doc = parseKubeconfig(text);
  } catch (error) {
    throw new AppError('COMMAND_FAILED', `${source} gave a kubeconfig that cannot be read (${(error as Error).message}).`, { context });
  }
  const missing = missingPart(doc, context);
  if (missing) throw new AppError('COMMAND_FAILED', `${source} gave a kubeconfig without ${missing}.`, { context, missing });
  const entry = doc.contexts.find((c) => c.name === context)!;
  return {
    context: entry,
    cluster: doc.clusters.find((c) => c.name === field(entry, 'context', 'cluster'))!,
    user: doc.users.find((u) => u.name === field(entry, 'context', 'user'))!,
  };
}

function upsert(list: Named[], entry: Named): Named[] {
  const at = list.findIndex((item) => item.name === entry.name);
  if (at === -1) return [...list, entry];
  return list.map((item, index) => (index === at ? entry : item));
}

/** `doc` with the lab's entries put in place (replacing those of the same names); every other entry is kept as it was. */
export function mergeLabEntries(doc: KubeconfigDoc, entries: LabEntries): KubeconfigDoc {
  const merged: KubeconfigDoc = {
    ...doc,
    clusters: upsert(doc.clusters, entries.cluster),
    users: upsert(doc.users, entries.user),
    contexts: upsert(doc.contexts, entries.context),
  };
  // MeshDeck always names the context it uses; a current-context is only set when there is none.
  if (!merged['current-context']) merged['current-context'] = entries.context.name;
  return merged;
}

/**
 * `doc` without the context `context`, and without its cluster and user unless another context
 * still uses them. Other entries are kept as they were.
 */
export function removeLabEntries(doc: KubeconfigDoc, context: string): KubeconfigDoc {
  const entry = doc.contexts.find((c) => c.name === context);
  const contexts = doc.contexts.filter((c) => c.name !== context);
  const stillUsed = (section: 'cluster' | 'user', name: unknown) => contexts.some((c) => field(c, 'context', section) === name);
  const clusterName = entry ? field(entry, 'context', 'cluster') : context;
  const userName = entry ? field(entry, 'context', 'user') : context;
  const removed: KubeconfigDoc = {
    ...doc,
    contexts,
    clusters: doc.clusters.filter((c) => c.name !== clusterName || stillUsed('cluster', clusterName)),
    users: doc.users.filter((u) => u.name !== userName || stillUsed('user', userName)),
  };
  if (removed['current-context'] === context) removed['current-context'] = contexts[0]?.name ?? '';
  return removed;
}

export function contextNames(doc: KubeconfigDoc): string[] {
  return doc.contexts.map((c) => c.name);
}
