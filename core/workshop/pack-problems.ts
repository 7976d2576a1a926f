// Turns ajv's findings on one pack document into problems with file, line, column and field, in
// words an author acts on ("unknown field", "unknown check kind") rather than schema paths.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { WorkshopProblemInfo } from '../contract/workshop';
import { LESSON_DOCUMENT_SCHEMA, PACK_DOCUMENT_SCHEMA } from './pack-schema';
import type { PackYaml } from './pack-yaml';

const CHECK_KINDS = 'object, pods-ready, sidecar, ambient, namespace-label, traffic';

let compiled: { pack: ValidateFunction; lesson: ValidateFunction } | undefined;

function validators(): { pack: ValidateFunction; lesson: ValidateFunction } {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, strictRequired: false, allowUnionTypes: true });
    compiled = { pack: ajv.compile(PACK_DOCUMENT_SCHEMA), lesson: ajv.compile(LESSON_DOCUMENT_SCHEMA) };
  }
  return compiled;
}

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The sentence for one ajv error, or null when a sibling error says it better. */
function describe(error: ErrorObject): { message: string; key?: string } | null {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { message: `unknown field "${String(params['additionalProperty'])}"`, key: String(params['additionalProperty']) };
    case 'required':
      // A branch of oneOf/anyOf: the oneOf/anyOf error itself names the choice.
      if (/(source|expect)\/(oneOf|anyOf)\/\d+\/required$/.test(error.schemaPath)) return null;
      return { message: `missing field "${String(params['missingProperty'])}"`, key: String(params['missingProperty']) };
    case 'discriminator':
      return params['error'] === 'mapping' ? { message: `unknown check kind "${String(params['tagValue'])}" (one of ${CHECK_KINDS})`, key: 'kind' } : { message: 'a check needs a kind', key: 'kind' };
    case 'oneOf':
      if (error.schemaPath.includes('/source/')) return { message: 'give exactly one of file, sample or inline' };
      return { message: error.message ?? 'does not fit' };
    case 'anyOf':
      if (error.schemaPath.includes('/expect/')) return { message: 'expect needs at least one of versions, codes, latency or page' };
      return { message: error.message ?? 'does not fit' };
    case 'not':
      return { message: 'give body or bodyFile, not both' };
    case 'minItems':
      if (error.instancePath.endsWith('/check')) return { message: 'a task needs at least one check' };
      if (error.instancePath.endsWith('/tasks')) return { message: 'a lesson needs at least one task' };
      return { message: error.message ?? 'too few items' };
    default:
      return { message: error.message ?? 'does not fit' };
  }
}

function problemsOf(yaml: PackYaml, value: unknown, validate: ValidateFunction, base: (string | number)[]): WorkshopProblemInfo[] {
  if (validate(value)) return [];
  const seen = new Set<string>();
  const problems: WorkshopProblemInfo[] = [];
  for (const error of validate.errors ?? []) {
    const said = describe(error);
    if (!said) continue;
    const problem = yaml.problemAt([...base, ...pathOf(error.instancePath)], said.message, said.key);
    const key = `${problem.field}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** The pack document (lessons checked one by one with validateLesson). */
export function validatePackDocument(yaml: PackYaml): WorkshopProblemInfo[] {
  return problemsOf(yaml, yaml.value, validators().pack, []);
}

/** A lesson, at `base` in its document ([] in a lesson file, ['lessons', i] inline). */
export function validateLessonDocument(yaml: PackYaml, value: unknown, base: (string | number)[]): WorkshopProblemInfo[] {
  return problemsOf(yaml, value, validators().lesson, base);
}
