// Which kubeconfig file kind touches and how: an explicit --kubeconfig wins; else the first
// existing file of $KUBECONFIG (or its last entry), else ~/.kube/config. Merging replaces the
// `kind-<name>` cluster, user and context and makes it current; removal takes them out of every
// candidate file and clears current-context when it pointed at them (kind's own rules).
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';

interface Named {
  name: string;
  [key: string]: unknown;
}

export interface KubeconfigDoc {
  apiVersion?: string;
  kind?: string;
  clusters?: Named[];
  users?: Named[];
  contexts?: Named[];
  'current-context'?: string;
  preferences?: Record<string, unknown>;
  [key: string]: unknown;
}

export function kubeconfigCandidates(explicit: string | undefined, env: NodeJS.ProcessEnv): string[] {
  if (explicit) return [explicit];
  const fromEnv = [...new Set((env.KUBECONFIG ?? '').split(delimiter).filter((p) => p !== ''))];
  if (fromEnv.length > 0) return fromEnv;
  return [join(env.HOME ?? homedir(), '.kube', 'config')];
}

export function kubeconfigForMerge(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  const candidates = kubeconfigCandidates(explicit, env);
  if (candidates.length === 1) return candidates[0]!;
  return candidates.find((path) => existsSync(path)) ?? candidates[candidates.length - 1]!;
}

async function readDoc(path: string): Promise<KubeconfigDoc> {
  if (!existsSync(path)) return { apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [], users: [], contexts: [], 'current-context': '' };
  return ((parse(await readFile(path, 'utf8')) as KubeconfigDoc | null) ?? {}) as KubeconfigDoc;
}

async function writeDoc(path: string, doc: KubeconfigDoc): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, stringify(doc), { mode: 0o600 });
}

function upsert(list: Named[] | undefined, entry: Named | undefined): Named[] {
  const rest = (list ?? []).filter((item) => item.name !== entry?.name);
  return entry ? [...rest, entry] : rest;
}

/** Reduces a kubeconfig to its current context and renames cluster, user and context to `name`. */
export function renameCurrentContext(source: KubeconfigDoc, name: string): KubeconfigDoc {
  const context = source.contexts?.find((c) => c.name === source['current-context']) ?? source.contexts?.[0];
  const ref = (context?.context ?? {}) as { cluster?: string; user?: string };
  const cluster = source.clusters?.find((c) => c.name === ref.cluster);
  const user = source.users?.find((u) => u.name === ref.user);
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: cluster ? [{ ...cluster, name }] : [],
    users: user ? [{ ...user, name }] : [],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
  };
}

export async function mergeKubeconfig(path: string, entry: KubeconfigDoc): Promise<void> {
  const doc = await readDoc(path);
  doc.apiVersion ??= 'v1';
  doc.kind ??= 'Config';
  doc.clusters = upsert(doc.clusters, entry.clusters?.[0]);
  doc.users = upsert(doc.users, entry.users?.[0]);
  doc.contexts = upsert(doc.contexts, entry.contexts?.[0]);
  doc['current-context'] = entry['current-context'] ?? '';
  await writeDoc(path, doc);
}

export async function removeFromKubeconfig(path: string, name: string): Promise<void> {
  if (!existsSync(path)) return;
  const doc = await readDoc(path);
  const had = [doc.clusters, doc.users, doc.contexts].some((list) => list?.some((item) => item.name === name));
  if (!had && doc['current-context'] !== name) return;
  doc.clusters = (doc.clusters ?? []).filter((c) => c.name !== name);
  doc.users = (doc.users ?? []).filter((u) => u.name !== name);
  doc.contexts = (doc.contexts ?? []).filter((c) => c.name !== name);
  if (doc['current-context'] === name) doc['current-context'] = '';
  await writeDoc(path, doc);
}

export async function readKubeconfig(path: string): Promise<KubeconfigDoc> {
  return readDoc(path);
}
