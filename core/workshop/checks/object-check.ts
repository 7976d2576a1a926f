// kind: object — an object exists (or must be absent) and, with `match`, holds a subset of fields.
import type { WorkshopCheckResultInfo } from '../../contract/workshop';
import { getObject, type KubeObject } from '../../kube';
import type { CheckOf } from '../pack-types';
import { subsetMatch } from '../subset-match';
import { result, type CheckContext } from './check-context';

type ObjectCheck = CheckOf<'object'>;

export function describeObjectCheck(check: ObjectCheck, namespace: string): string {
  const what = `${check.resource} ${check.namespace ?? namespace}/${check.name}`;
  if (!check.exists) return `${what} is absent`;
  return check.match ? `${what} exists and matches the expected fields` : `${what} exists`;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

export async function runObjectCheck(check: ObjectCheck, ctx: CheckContext): Promise<WorkshopCheckResultInfo> {
  const namespace = check.namespace ?? ctx.namespace;
  const description = describeObjectCheck(check, ctx.namespace);
  const resource = await ctx.clients.discovery.resolve(check.apiVersion, check.resource, ctx.signal);
  if (!resource) return result(check, description, false, `${check.resource} in ${check.apiVersion}`, `the cluster has no kind ${check.resource} in ${check.apiVersion}`);
  const live = await getObject<KubeObject>(ctx.clients, resource, resource.namespaced ? namespace : undefined, check.name, ctx.signal);
  if (!check.exists) return result(check, description, live === undefined, 'absent', live ? 'present' : 'absent');
  if (!live) return result(check, description, false, check.match ? `present, with ${short(check.match)}` : 'present', 'absent');
  if (!check.match) return result(check, description, true, 'present', 'present');
  const miss = subsetMatch(check.match, live);
  if (!miss) return result(check, description, true, short(check.match), 'present and matching');
  return result(check, description, false, `${miss.path}: ${short(miss.wanted)}`, `${miss.path}: ${short(miss.found)}`);
}
