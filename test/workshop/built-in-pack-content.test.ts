// The built-in pack's content against the Istio release it teaches (the upstream reference
// files, read at test time): every release file a lesson names — `sample:` refs and the paths
// in its kubectl instructions — exists there, every Istio object the lessons write (inline
// setup/solution objects and the YAML the attendee pastes) fits the release's CRD schemas, the
// pasted YAML is what "Solve for me" applies, and every check says what is missing. The world
// tests (built-in-pack-*.world.test.ts) prove the lessons run; this catches a typo in seconds.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../core/kube';
import { loadPack } from '../../core/workshop';
import { crdObjectErrors, loadCrdSchemas } from '../support/crd-schema';
import { describeWithIstioReference } from '../support/reference-suite';
import { parseKubectlInstructions } from './attendee-commands';
import { FIRST_HALF, SECOND_HALF } from './built-in-pack-lessons';

const packDir = join(import.meta.dirname, '..', '..', 'resources', 'workshops', 'istio-in-practice');

interface Ref { sample?: string; inline?: string; namespace?: string }
interface Task {
  id: string;
  setup?: { apply?: Ref[] };
  solution?: { apply?: Ref[] };
  instructions: { kubectl?: string; meshdeck?: string; ui?: string; text: string };
  check: Array<{ kind: string; message?: string }>;
}
interface Lesson { id: string; body: string; tasks: Task[] }

const pack = parse(readFileSync(join(packDir, 'pack.yaml'), 'utf8')) as { id: string; lessons: Array<{ file: string }> };
const lessons = pack.lessons.map((entry) => parse(readFileSync(join(packDir, entry.file), 'utf8')) as Lesson);
const istioObject = (o: KubeObject) => (o.apiVersion ?? '').includes('istio.io/');
const inlineObjects = (refs: Ref[] = []) => refs.flatMap((ref) => (ref.inline ? [parse(ref.inline) as KubeObject] : []));
const pastedObjects = (task: Task) =>
  parseKubectlInstructions(task.instructions.kubectl ?? '').flatMap((command) => (command.stdin ? parseAllDocuments(command.stdin).map((d) => d.toJS() as KubeObject) : []));
/** What a task's objects are, whoever applies them: kind/name and spec. */
const essence = (o: KubeObject) => ({ kind: o.kind, name: o.metadata?.name, spec: (o as { spec?: unknown }).spec });

describeWithIstioReference('the built-in pack "Istio in practice"', (reference) => {
  const schemas = loadCrdSchemas(join(reference, 'manifests', 'charts', 'base', 'files', 'crd-all.gen.yaml'));

  it('validates as a pack, sample files checked against the release', async () => {
    const loaded = await loadPack(packDir, { releaseDir: reference });
    expect(loaded.problems).toEqual([]);
    expect(loaded.pack?.lessons.map((l) => l.id)).toEqual([...FIRST_HALF, ...SECOND_HALF]);
  });

  it('has the lessons the world tests prove, in order, each teaching with a body and every task with all three ways', () => {
    expect(lessons.map((l) => l.id)).toEqual([...FIRST_HALF, ...SECOND_HALF]);
    for (const lesson of lessons) {
      expect(lesson.body.length, lesson.id).toBeGreaterThan(400);
      for (const task of lesson.tasks) {
        expect(task.instructions.kubectl, `${lesson.id}/${task.id}`).toMatch(/^kubectl /);
        expect(task.instructions.ui, `${lesson.id}/${task.id}`).toMatch(/\S/);
        for (const check of task.check) expect(check.message, `${lesson.id}/${task.id} ${check.kind}`).toMatch(/^\S.{20,}/);
      }
    }
  });

  it('names only release files that exist', () => {
    for (const lesson of lessons) {
      for (const task of lesson.tasks) {
        const refs = [...(task.setup?.apply ?? []), ...(task.solution?.apply ?? [])].flatMap((r) => (r.sample ? [r.sample] : []));
        const typed = parseKubectlInstructions(task.instructions.kubectl ?? '').flatMap((c) => c.args.filter((a) => a.startsWith('samples/')));
        for (const file of [...refs, ...typed]) expect(existsSync(join(reference, file)), `${lesson.id}/${task.id}: ${file}`).toBe(true);
      }
    }
  });

  it('writes Istio objects that fit the release CRD schemas', () => {
    for (const lesson of lessons) {
      for (const task of lesson.tasks) {
        const objects = [...inlineObjects(task.setup?.apply), ...inlineObjects(task.solution?.apply), ...pastedObjects(task)].filter(istioObject);
        for (const object of objects) expect(crdObjectErrors(object, schemas), `${lesson.id}/${task.id}: ${object.kind} ${object.metadata?.name}`).toEqual([]);
      }
    }
  });

  it('solves with the same objects the attendee pastes', () => {
    for (const lesson of lessons) {
      for (const task of lesson.tasks) {
        const pasted = pastedObjects(task).filter(istioObject);
        if (pasted.length === 0) continue;
        expect(inlineObjects(task.solution?.apply).map(essence), `${lesson.id}/${task.id}`).toEqual(pasted.map(essence));
      }
    }
  });
});
