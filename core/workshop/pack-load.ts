// Loads a lesson pack from disk — a folder with pack.yaml, or one YAML file with lessons inline —
// and either hands back the pack or every problem found, each with file, line, column and field.
// Nothing is applied and nothing outside the pack folder is read (except, when given, the lab's
// Istio release to confirm that `sample:` files exist).
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { WorkshopInstructionsInfo, WorkshopLinkInfo, WorkshopProblemInfo } from '../contract/workshop';
import { readActions, readPackFile, type ReadContext } from './pack-objects';
import { validateLessonDocument, validatePackDocument } from './pack-problems';
import type { LessonPack, PackActions, PackCheck, PackLesson, PackTask } from './pack-types';
import { readPackYaml, type PackYaml } from './pack-yaml';

export type LoadResult = { pack: LessonPack; problems: [] } | { pack: null; problems: WorkshopProblemInfo[] };

export interface LoadOptions {
  /** The lab's Istio release root (holding samples/): `sample:` refs are then checked to exist. */
  releaseDir?: string;
}

type Raw = Record<string, unknown>;
type Path = (string | number)[];

async function packFileOf(path: string): Promise<{ root: string; file: string } | null> {
  const full = resolve(path);
  try {
    const info = await stat(full);
    return info.isDirectory() ? { root: full, file: 'pack.yaml' } : { root: dirname(full), file: basename(full) };
  } catch {
    return null;
  }
}

function solutionYaml(raw: Raw | undefined, solution: PackActions): string {
  const parts: string[] = [];
  for (const ref of solution.remove) parts.push(`# removes ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`);
  for (const ref of solution.restart) parts.push(`# restarts ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`);
  for (const source of solution.apply) {
    if (source.kind === 'sample') parts.push(`# applies ${source.sample} from the lab's Istio release${source.namespace ? ` in namespace ${source.namespace}` : ''}`);
    else for (const object of source.objects) parts.push(`---\n${stringify(object).trimEnd()}`);
  }
  return raw === undefined ? '' : `${parts.join('\n')}\n`;
}

async function readTask(raw: Raw, ctx: ReadContext, path: Path): Promise<PackTask> {
  const setup = await readActions(raw['setup'], ctx, [...path, 'setup']);
  const solution = await readActions(raw['solution'], ctx, [...path, 'solution']);
  const cleanup = await readActions(raw['cleanup'], ctx, [...path, 'cleanup']);
  const check = (raw['check'] as Raw[]).map((c) => withCheckDefaults(c));
  return {
    id: String(raw['id']),
    title: String(raw['title']),
    setup,
    instructions: raw['instructions'] as WorkshopInstructionsInfo,
    check,
    ...(typeof raw['hint'] === 'string' ? { hint: raw['hint'] } : {}),
    solution,
    cleanup,
    solutionYaml: solutionYaml(raw['solution'] as Raw | undefined, solution),
  };
}

function withCheckDefaults(raw: Raw): PackCheck {
  if (raw['kind'] === 'object') return { exists: true, ...raw } as PackCheck;
  if (raw['kind'] === 'traffic') {
    const expect = raw['expect'] as Raw;
    return { headers: {}, requests: 100, rps: 50, ...raw, expect: { tolerance: 10, ...expect } } as PackCheck;
  }
  return raw as unknown as PackCheck;
}

function uniqueIds(items: Raw[], yaml: PackYaml, path: Path, what: string, problems: WorkshopProblemInfo[]): void {
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    const id = String(item['id']);
    if (seen.has(id)) problems.push(yaml.problemAt([...path, i, 'id'], `duplicate ${what} id "${id}"`));
    seen.add(id);
  }
}

async function readLesson(raw: Raw, ctx: ReadContext, path: Path, fallbackNamespaces: string[]): Promise<PackLesson> {
  const tasks = raw['tasks'] as Raw[];
  uniqueIds(tasks, ctx.yaml, [...path, 'tasks'], 'task', ctx.problems);
  let body = typeof raw['body'] === 'string' ? raw['body'] : '';
  if (typeof raw['bodyFile'] === 'string') {
    const read = await readPackFile(ctx.root, raw['bodyFile'], ctx.yaml, [...path, 'bodyFile']);
    if ('problem' in read) ctx.problems.push(read.problem);
    else body = read.text;
  }
  const taskList: PackTask[] = [];
  for (const [i, task] of tasks.entries()) taskList.push(await readTask(task, ctx, [...path, 'tasks', i]));
  return {
    id: String(raw['id']),
    title: String(raw['title']),
    minutes: Number(raw['minutes']),
    body,
    links: (raw['links'] as WorkshopLinkInfo[] | undefined) ?? [],
    namespaces: (raw['namespaces'] as string[] | undefined) ?? fallbackNamespaces,
    tasks: taskList,
    file: ctx.yaml.file,
  };
}

/** One entry of `lessons`: a file of the pack or a lesson written inline; null when it has problems of its own. */
async function lessonEntry(entry: Raw, index: number, packYaml: PackYaml, root: string, problems: WorkshopProblemInfo[]): Promise<{ raw: Raw; yaml: PackYaml; path: Path } | null> {
  if (typeof entry['file'] !== 'string') {
    const found = validateLessonDocument(packYaml, entry, ['lessons', index]);
    problems.push(...found);
    return found.length ? null : { raw: entry, yaml: packYaml, path: ['lessons', index] };
  }
  const extra = Object.keys(entry).filter((k) => k !== 'file');
  if (extra.length) problems.push(packYaml.problemAt(['lessons', index], `unknown field "${extra[0] ?? ''}" beside file`, extra[0]));
  const read = await readPackFile(root, entry['file'], packYaml, ['lessons', index, 'file']);
  if ('problem' in read) {
    problems.push(read.problem);
    return null;
  }
  const { yaml, problems: yamlProblems } = readPackYaml(entry['file'], read.text);
  const found = yamlProblems.length ? yamlProblems : validateLessonDocument(yaml, yaml.value, []);
  problems.push(...found);
  return found.length ? null : { raw: yaml.value as Raw, yaml, path: [] };
}

async function readLessons(doc: Raw, packYaml: PackYaml, root: string, options: LoadOptions, problems: WorkshopProblemInfo[]): Promise<PackLesson[]> {
  const namespaces = ((doc['requires'] as Raw | undefined)?.['namespaces'] as string[] | undefined) ?? ['default'];
  const entries: { raw: Raw; yaml: PackYaml; path: Path }[] = [];
  for (const [i, entry] of (doc['lessons'] as Raw[]).entries()) {
    const found = await lessonEntry(entry, i, packYaml, root, problems);
    if (found) entries.push(found);
  }
  const lessons: PackLesson[] = [];
  const seen = new Map<string, true>();
  for (const { raw, yaml, path } of entries) {
    const id = String(raw['id']);
    if (seen.has(id)) problems.push(yaml.problemAt([...path, 'id'], `duplicate lesson id "${id}"`));
    seen.set(id, true);
    const ctx: ReadContext = { root, yaml, problems, ...(options.releaseDir ? { releaseDir: options.releaseDir } : {}) };
    lessons.push(await readLesson(raw, ctx, path, namespaces));
  }
  return lessons;
}

/** Reads and validates the pack at `path` (a folder with pack.yaml, or a pack file). */
export async function loadPack(path: string, options: LoadOptions = {}): Promise<LoadResult> {
  const where = await packFileOf(path);
  if (!where) return { pack: null, problems: [{ file: basename(path), line: 0, column: 0, field: '', message: `${path} does not exist; give a pack folder (with pack.yaml) or a pack file` }] };
  const problems: WorkshopProblemInfo[] = [];
  const placeholder = readPackYaml(where.file, '').yaml;
  const read = await readPackFile(where.root, where.file, placeholder, []);
  if ('problem' in read) return { pack: null, problems: [{ ...read.problem, line: 0, column: 0, message: `${where.file} does not exist in ${where.root}; a pack folder needs pack.yaml` }] };
  const { yaml, problems: yamlProblems } = readPackYaml(where.file, read.text);
  if (yamlProblems.length) return { pack: null, problems: yamlProblems };
  problems.push(...validatePackDocument(yaml));
  if (problems.length) return { pack: null, problems };
  const doc = yaml.value as Raw;
  const lessons = await readLessons(doc, yaml, where.root, options, problems);
  if (problems.length) return { pack: null, problems };
  const requires = (doc['requires'] as Raw | undefined) ?? {};
  const pack: LessonPack = {
    id: String(doc['id']),
    title: String(doc['title']),
    version: String(doc['version']),
    description: typeof doc['description'] === 'string' ? doc['description'] : '',
    requires: { ...(requires as object), namespaces: (requires['namespaces'] as string[] | undefined) ?? ['default'] },
    lessons,
    path: where.file === 'pack.yaml' ? where.root : resolve(where.root, where.file),
  };
  return { pack, problems: [] };
}
