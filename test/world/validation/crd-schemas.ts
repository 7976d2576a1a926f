// Admission for custom objects against their CRD's structural schema, as the real API server
// does on create, update, patch and server-side apply: unknown fields are pruned and answered
// by the request's fieldValidation (Strict refuses, Warn adds a Warning, Ignore is silent), then
// the pruned object is validated (422 Invalid with causes). Compiled schemas are cached per CRD
// resourceVersion and version. Not done: CEL rules, defaulting, validation ratcheting on update.
import { clone, isObject } from '../json.js';
import type { Admission, AdmissionContext } from '../resource-api.js';
import { ApiError, badRequest, invalid } from '../status.js';
import type { KubeObject } from '../store.js';
import { pruneUnknownFields } from './pruning.js';
import { compileSchema, type CompiledSchema } from './schema-validator.js';

interface VersionSchema {
  openAPIV3Schema: unknown;
  compiled: CompiledSchema;
}

interface CrdVersion {
  name?: string;
  schema?: { openAPIV3Schema?: unknown };
}

export class CrdSchemas {
  private readonly cache = new Map<string, { rv: string; versions: Map<string, VersionSchema | undefined> }>();

  /** The schema of one served version of a stored CRD, compiled once per CRD resourceVersion. */
  schemaOf(crd: KubeObject, version: string): VersionSchema | undefined {
    const name = crd.metadata.name ?? '';
    const rv = crd.metadata.resourceVersion ?? '';
    let entry = this.cache.get(name);
    if (!entry || entry.rv !== rv) {
      entry = { rv, versions: new Map() };
      this.cache.set(name, entry);
    }
    if (!entry.versions.has(version)) {
      const versions = ((crd['spec'] as { versions?: CrdVersion[] } | undefined)?.versions ?? []);
      const openAPIV3Schema = versions.find((v) => v.name === version)?.schema?.openAPIV3Schema;
      entry.versions.set(version, openAPIV3Schema === undefined ? undefined : { openAPIV3Schema, compiled: compileSchema(openAPIV3Schema) });
    }
    return entry.versions.get(version);
  }
}

function unknownFieldErrors(paths: string[]): string {
  return paths.map((p) => `unknown field "${p}"`).join(', ');
}

/** structured-merge-diff's words when an apply configuration holds a field the schema lacks. */
function typedPatchError(ctx: AdmissionContext, paths: string[]): ApiError {
  const meta = ctx.object.metadata;
  const where = `${ctx.type.namespaced ? (meta.namespace ?? '') : ''}/${meta.name ?? ''}; ${ctx.type.group}/${ctx.request.version}, Kind=${ctx.type.kind}`;
  const detail = paths.length === 1 ? `.${paths[0]}: field not declared in schema` : `errors:\n${paths.map((p) => `  .${p}: field not declared in schema`).join('\n')}`;
  // A plain error in the server's fieldmanager, so the Status has code 500 and no reason (kubernetes#139253).
  return new ApiError(500, '', `failed to create typed patch object (${where}): ${detail}`);
}

/** What a Strict request with unknown fields gets back, by the handler that decoded it. */
function strictError(ctx: AdmissionContext, paths: string[], unpruned: string): ApiError {
  const strict = `strict decoding error: ${unknownFieldErrors(paths)}`;
  if (ctx.request.verb === 'patch') {
    // handlers/patch.go: errors.NewInvalid(schema.GroupKind{}, "", field.Invalid("patch", patchedJS, …)).
    return invalid('', '', '', [{ reason: 'FieldValueInvalid', field: 'patch', message: `Invalid value: ${JSON.stringify(unpruned)}: ${strict}` }]);
  }
  // handlers/create.go and update.go: transformDecodeError.
  const kind = ctx.type.kind;
  return badRequest(`${kind} in version "${ctx.request.version}" cannot be handled as a ${kind}: ${strict}`);
}

function schemaAdmission(schemas: CrdSchemas, ctx: AdmissionContext): void {
  if (!ctx.type.crdName || ctx.subresource === 'status') return;
  const crd = ctx.api.store.get('apiextensions.k8s.io/customresourcedefinitions', undefined, ctx.type.crdName);
  const schema = crd ? schemas.schemaOf(crd, ctx.request.version) : undefined;
  if (!schema) return;
  if (ctx.request.verb === 'apply' && ctx.request.applyConfig) {
    // Apply fails on any undeclared field, whatever the directive: the typed conversion cannot hold it.
    const undeclared = pruneUnknownFields(clone(ctx.request.applyConfig), schema.openAPIV3Schema);
    if (undeclared.length > 0) throw typedPatchError(ctx, undeclared);
  }
  const unpruned = ctx.request.fieldValidation === 'Strict' ? JSON.stringify(ctx.object) : '';
  const unknown = pruneUnknownFields(ctx.object, schema.openAPIV3Schema);
  if (unknown.length > 0 && ctx.request.verb !== 'apply') {
    if (ctx.request.fieldValidation === 'Strict') throw strictError(ctx, unknown, unpruned);
    if (ctx.request.fieldValidation === 'Warn') ctx.request.warnings.push(...unknown.map((p) => `unknown field "${p}"`));
  }
  const causes = schema.compiled.validate(ctx.object);
  if (causes.length > 0) throw invalid(ctx.type.group, ctx.type.kind, ctx.object.metadata.name ?? '', causes);
}

/** The admission plugin; one cache per world. */
export function crdSchemaAdmission(): Admission {
  const schemas = new CrdSchemas();
  return (ctx) => {
    if (isObject(ctx.object)) schemaAdmission(schemas, ctx);
  };
}
