// Metadata the API server assigns and checks: generateName suffixes, RFC 3339 timestamps,
// metadata.name validation with the real server's messages, and what counts for generation.
import { apiVersionOf, splitApiVersion, type ResourceType } from './resources.js';
import { badRequest, invalid } from './status.js';
import type { KubeObject } from './store.js';

const nameChars = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) out += nameChars[Math.floor(Math.random() * nameChars.length)];
  return out;
}

/** RFC 3339 with second precision, as metav1.Time marshals. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;


/** metadata.name as the API server validates it: DNS-1123 labels for namespaces and services, subdomains elsewhere. */
export function validateObjectName(type: ResourceType, obj: KubeObject): void {
  const name = obj.metadata.name ?? '';
  const causes = [];
  if (!name) causes.push({ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' });
  else {
    const pattern = type.resource === 'namespaces' || type.resource === 'services' ? dns1123Label : dns1123Subdomain;
    const limit = type.resource === 'namespaces' || type.resource === 'services' ? 63 : 253;
    if (name.length > limit || !pattern.test(name)) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": a lowercase RFC 1123 ${limit === 63 ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
        field: 'metadata.name',
      });
    }
  }
  if (causes.length > 0) throw invalid(type.group, type.kind, name, causes);
}

/** Types whose objects carry metadata.generation (bumped on spec changes). */
export function tracksGeneration(type: ResourceType): boolean {
  return type.group !== '' || type.resource === 'replicationcontrollers';
}

/** Parts of an object that count as "spec" for generation: everything but metadata and status. */
export function specOf(obj: KubeObject): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...obj };
  delete rest['metadata'];
  delete rest['status'];
  delete rest['apiVersion'];
  delete rest['kind'];
  return rest;
}

/** The body's apiVersion, kind, name and namespace must agree with the URL it was sent to. */
export function checkObjectIdentity(type: ResourceType, version: string, body: KubeObject, name: string | undefined, namespace: string | undefined): void {
  const expected = apiVersionOf(type.group, version);
  if (body.apiVersion && body.apiVersion !== expected) {
    const { group } = splitApiVersion(body.apiVersion);
    if (group !== type.group) throw badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${expected})`);
  }
  if (body.kind && body.kind !== type.kind) throw badRequest(`the kind in the data (${body.kind}) does not match the expected kind (${type.kind})`);
  if (name !== undefined && body.metadata.name && body.metadata.name !== name) {
    throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
  }
  if (type.namespaced && namespace && body.metadata.namespace && body.metadata.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}
