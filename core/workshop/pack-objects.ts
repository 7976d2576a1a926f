// Reads the objects a setup, solution or cleanup applies: `inline` YAML and `file:` refs inside
// the pack folder (a path leaving it is refused), each object checked for apiVersion, kind and
// metadata.name and — Istio kinds — against Istio's schema. `sample:` refs stay paths until a
// lab's release resolves them (checked here only when a release folder is given).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { AuthorizationPolicy, PeerAuthentication, RequestAuthentication } from '@kubernetes-models/istio/security.istio.io/v1';
import type { WorkshopProblemInfo } from '../contract/workshop';
import { validateIstioObject } from '../gateways';
import { parseManifests, type ManifestObject } from '../kube';
import type { ObjectRef, ObjectSource, PackActions } from './pack-types';
import type { PackYaml } from './pack-yaml';

type Path = (string | number)[];

const SECURITY_MODELS = { AuthorizationPolicy, PeerAuthentication, RequestAuthentication } as const;

/** The absolute path of `file` inside `root`, or null when it leaves the folder. */
export function insidePack(root: string, file: string): string | null {
  if (isAbsolute(file)) return null;
  const full = resolve(root, file);
  const rel = relative(root, full);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? null : full;
}

/** Reads a file of the pack, or says why not as a problem at `path`. */
export async function readPackFile(root: string, file: string, yaml: PackYaml, path: Path): Promise<{ text: string } | { problem: WorkshopProblemInfo }> {
  const full = insidePack(root, file);
  if (!full) return { problem: yaml.problemAt(path, `"${file}" leaves the pack folder; files must be inside it`) };
  try {
    return { text: await readFile(full, 'utf8') };
  } catch {
    return { problem: yaml.problemAt(path, `"${file}" does not exist in the pack`) };
  }
}

function checkObject(object: ManifestObject): string | null {
  try {
    validateIstioObject(object);
    const Model = object.apiVersion === 'security.istio.io/v1' ? SECURITY_MODELS[object.kind as keyof typeof SECURITY_MODELS] : undefined;
    // The model classes take their own interface; validate() is the check.
    if (Model) new Model(object as never).validate();
    return null;
  } catch (error) {
    return `${object.kind} "${object.metadata.name}" does not fit Istio's schema: ${(error as Error).message}`;
  }
}

function objectsOf(text: string, from: string, yaml: PackYaml, path: Path, problems: WorkshopProblemInfo[]): ManifestObject[] {
  let objects: ManifestObject[];
  try {
    objects = parseManifests(text, from);
  } catch (error) {
    problems.push(yaml.problemAt(path, (error as Error).message));
    return [];
  }
  for (const object of objects) {
    const wrong = checkObject(object);
    if (wrong) problems.push(yaml.problemAt(path, wrong));
  }
  return objects;
}

async function sourceOf(raw: Record<string, unknown>, ctx: ReadContext, path: Path): Promise<ObjectSource | null> {
  const namespace = typeof raw['namespace'] === 'string' ? { namespace: raw['namespace'] } : {};
  if (typeof raw['sample'] === 'string') {
    const sample = raw['sample'];
    if (ctx.releaseDir && !existsSync(join(ctx.releaseDir, sample))) ctx.problems.push(ctx.yaml.problemAt([...path, 'sample'], `"${sample}" is not a file of the lab's Istio release`));
    return { kind: 'sample', sample, ...namespace };
  }
  if (typeof raw['inline'] === 'string') return { kind: 'objects', objects: objectsOf(raw['inline'], `${ctx.yaml.file} ${path.join('.')}`, ctx.yaml, [...path, 'inline'], ctx.problems), from: 'inline', ...namespace };
  const file = String(raw['file']);
  const read = await readPackFile(ctx.root, file, ctx.yaml, [...path, 'file']);
  if ('problem' in read) {
    ctx.problems.push(read.problem);
    return null;
  }
  return { kind: 'objects', objects: objectsOf(read.text, file, ctx.yaml, [...path, 'file'], ctx.problems), from: file, ...namespace };
}

export interface ReadContext {
  root: string;
  yaml: PackYaml;
  /** The folder holding samples/ of the lab's Istio release, when known. */
  releaseDir?: string;
  problems: WorkshopProblemInfo[];
}

function refOf(raw: Record<string, unknown>): ObjectRef {
  return {
    apiVersion: typeof raw['apiVersion'] === 'string' ? raw['apiVersion'] : 'apps/v1',
    kind: String(raw['kind']),
    name: String(raw['name']),
    ...(typeof raw['namespace'] === 'string' ? { namespace: raw['namespace'] } : {}),
  };
}

/** setup / solution / cleanup as read; absent is no actions. */
export async function readActions(raw: unknown, ctx: ReadContext, path: Path): Promise<PackActions> {
  const value = (raw ?? {}) as Record<string, Record<string, unknown>[] | undefined>;
  const apply: ObjectSource[] = [];
  for (const [i, item] of (value['apply'] ?? []).entries()) {
    const source = await sourceOf(item, ctx, [...path, 'apply', i]);
    if (source) apply.push(source);
  }
  return { apply, remove: (value['remove'] ?? []).map(refOf), restart: (value['restart'] ?? []).map(refOf) };
}
