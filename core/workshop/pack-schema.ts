// The JSON Schema of lesson packs: the one description of the format that the loader validates
// with ajv and that ships as resources/workshops/lesson-pack.schema.json for authors' editors (a
// unit test keeps the two equal). Shapes only; what a schema cannot say (files exist, objects fit
// Istio's schema, ids unique) the loader checks after it.

const dnsLabel = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$' };
const text = { type: 'string', minLength: 1 };
const message = { type: 'string', minLength: 1, description: 'Shown on failure: what is missing.' };
const releasePath = { type: 'string', pattern: '^samples/(?!.*(^|/)\\.\\.(/|$))[^\\0]+$', description: 'A file of the lab\'s Istio release, such as samples/bookinfo/networking/virtual-service-all-v1.yaml.' };
const percent = { type: 'number', minimum: 0, maximum: 100 };

function strict(properties: Record<string, unknown>, required: string[] = []): Record<string, unknown> {
  return { type: 'object', additionalProperties: false, properties, ...(required.length ? { required } : {}) };
}

const objectRef = strict({ apiVersion: text, kind: text, name: text, namespace: dnsLabel }, ['apiVersion', 'kind', 'name']);
const restartRef = strict({ kind: { enum: ['Deployment', 'StatefulSet', 'DaemonSet'] }, name: text, namespace: dnsLabel }, ['kind', 'name']);

const source = {
  ...strict({ file: text, sample: releasePath, inline: text, namespace: dnsLabel }),
  oneOf: [{ required: ['file'] }, { required: ['sample'] }, { required: ['inline'] }],
};

const actions = strict({
  apply: { type: 'array', items: { $ref: '#/$defs/source' } },
  remove: { type: 'array', items: { $ref: '#/$defs/objectRef' } },
  restart: { type: 'array', items: { $ref: '#/$defs/restartRef' } },
});

function check(kind: string, properties: Record<string, unknown>, required: string[] = []): Record<string, unknown> {
  return strict({ kind: { const: kind }, message, ...properties }, ['kind', 'message', ...required]);
}

const namespace = dnsLabel;
const selector = { type: 'string', minLength: 1, description: 'A label selector such as app=reviews.' };

const latency = strict({ p50AboveMs: { type: 'number', minimum: 0 }, p50BelowMs: { type: 'number', minimum: 0 }, p99AboveMs: { type: 'number', minimum: 0 }, p99BelowMs: { type: 'number', minimum: 0 }, maxBelowMs: { type: 'number', minimum: 0 } });

const expect = {
  ...strict({
    versions: { type: 'object', additionalProperties: percent, propertyNames: { pattern: '^v[0-9]+$' } },
    tolerance: percent,
    codes: { type: 'object', additionalProperties: percent, propertyNames: { pattern: '^[0-9]{3}$' } },
    latency: { ...latency, minProperties: 1 },
    page: { enum: ['ratings-unavailable', 'reviews-unavailable', 'details-unavailable'] },
  }),
  anyOf: [{ required: ['versions'] }, { required: ['codes'] }, { required: ['latency'] }, { required: ['page'] }],
};

const checks = [
  check('object', { apiVersion: text, resource: text, name: text, namespace, exists: { type: 'boolean' }, match: { type: 'object' } }, ['apiVersion', 'resource', 'name']),
  check('pods-ready', { namespace, selector, count: { type: 'integer', minimum: 1 } }, ['selector']),
  check('sidecar', { namespace, selector }, ['selector']),
  check('ambient', { namespace }),
  check('namespace-label', { namespace, label: text, value: { type: 'string' } }, ['label']),
  check(
    'traffic',
    {
      from: { enum: ['gateway', 'curl'] },
      clientNamespace: namespace,
      url: text,
      host: text,
      endUser: text,
      headers: { type: 'object', additionalProperties: { type: 'string' } },
      requests: { type: 'integer', minimum: 1, maximum: 2000 },
      rps: { type: 'number', exclusiveMinimum: 0, maximum: 500 },
      concurrency: { type: 'integer', minimum: 1, maximum: 64 },
      expect,
    },
    ['from', 'url', 'expect'],
  ),
];

const task = strict(
  {
    id: dnsLabel,
    title: text,
    setup: { $ref: '#/$defs/actions' },
    instructions: strict({ text, ui: text, meshdeck: text, kubectl: text }, ['text']),
    check: { type: 'array', minItems: 1, items: { $ref: '#/$defs/check' } },
    hint: text,
    solution: { $ref: '#/$defs/actions' },
    cleanup: { $ref: '#/$defs/actions' },
  },
  ['id', 'title', 'instructions', 'check'],
);

const link = strict({ label: text, kind: { enum: ['dashboard', 'traffic', 'logs'] }, target: text, path: { type: 'string', pattern: '^/' } }, ['label', 'kind', 'target']);

const lesson = {
  ...strict({ id: dnsLabel, title: text, minutes: { type: 'number', exclusiveMinimum: 0, maximum: 600 }, body: { type: 'string' }, bodyFile: text, links: { type: 'array', items: link }, namespaces: { type: 'array', items: dnsLabel, minItems: 1 }, tasks: { type: 'array', minItems: 1, items: { $ref: '#/$defs/task' } } }, ['id', 'title', 'minutes', 'tasks']),
  not: { required: ['body', 'bodyFile'] },
};

function packDocument(lessonItem: Record<string, unknown>): Record<string, unknown> {
  return strict(
    {
      $schema: { type: 'string' },
      apiVersion: { const: 'meshdeck.dev/v1alpha1' },
      kind: { const: 'LessonPack' },
      id: dnsLabel,
      title: text,
      version: text,
      description: { type: 'string' },
      requires: strict({ istio: { type: 'string', pattern: '^\\s*([<>]=?|=)?\\s*\\d+(\\.\\d+){0,2}(\\s+([<>]=?|=)?\\s*\\d+(\\.\\d+){0,2})*\\s*$' }, dataPlane: { enum: ['sidecar', 'ambient'] }, namespaces: { type: 'array', items: dnsLabel, minItems: 1 } }),
      lessons: { type: 'array', minItems: 1, items: lessonItem },
    },
    ['apiVersion', 'kind', 'id', 'title', 'version', 'lessons'],
  );
}

const lessonRef = strict({ file: text }, ['file']);

/** Every shared definition; `check` dispatches on `kind` so an unknown kind is one clear error. */
const $defs = {
  source,
  objectRef,
  restartRef,
  actions,
  check: { type: 'object', required: ['kind'], discriminator: { propertyName: 'kind' }, oneOf: checks },
  task,
  lesson,
  lessonRef,
};

/** What ships for authors: pack.yaml validates against the root, a lesson file against #/$defs/lesson. */
export const LESSON_PACK_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://meshdeck.dev/schemas/lesson-pack.schema.json',
  title: 'MeshDeck lesson pack',
  ...packDocument({ anyOf: [{ $ref: '#/$defs/lessonRef' }, { $ref: '#/$defs/lesson' }] }),
  $defs,
};

/** The loader validates the pack document with lessons left open, and each lesson on its own (with its own file and path). */
export const PACK_DOCUMENT_SCHEMA = { ...packDocument({ type: 'object' }), $defs };
export const LESSON_DOCUMENT_SCHEMA = { $ref: '#/$defs/lesson', $defs };
