// Label and field selectors: parsing the query-string syntax, matching objects, and turning
// a LabelSelector object (matchLabels/matchExpressions) into the same requirement form.
// Parse errors are 400 BadRequest like the real server; nothing here touches storage.
import { badRequest } from './status.js';

export interface Requirement {
  key: string;
  operator: 'exists' | 'notexists' | 'eq' | 'neq' | 'in' | 'notin' | 'gt' | 'lt';
  values: string[];
}

export type Labels = Record<string, string> | undefined;

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

const keyPattern = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

function checkKey(key: string, whole: string): string {
  if (!keyPattern.test(key)) throw badRequest(`unable to parse requirement: invalid label key "${key}" in "${whole}"`);
  return key;
}

export function parseLabelSelector(text: string | null | undefined): Requirement[] {
  if (!text) return [];
  return splitTopLevel(text).map((part) => {
    let m = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(part);
    if (m) {
      const values = (m[3] ?? '').split(',').map((v) => v.trim()).filter((v) => v.length > 0);
      return { key: checkKey(m[1] ?? '', part), operator: m[2] === 'in' ? 'in' : 'notin', values };
    }
    m = /^!\s*(\S+)$/.exec(part);
    if (m) return { key: checkKey(m[1] ?? '', part), operator: 'notexists', values: [] };
    m = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(\S*)$/.exec(part);
    if (m) {
      const op = m[2] === '!=' ? 'neq' : m[2] === '>' ? 'gt' : m[2] === '<' ? 'lt' : 'eq';
      return { key: checkKey(m[1] ?? '', part), operator: op, values: [m[3] ?? ''] };
    }
    if (/^[^=!<>\s()]+$/.test(part)) return { key: checkKey(part, part), operator: 'exists', values: [] };
    throw badRequest(`unable to parse requirement: found '${part}', expected: key, !key, key=value, key!=value, key in (...), key notin (...)`);
  });
}

export function matchesRequirements(requirements: Requirement[], labels: Labels): boolean {
  for (const r of requirements) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = has ? labels[r.key] : undefined;
    switch (r.operator) {
      case 'exists':
        if (!has) return false;
        break;
      case 'notexists':
        if (has) return false;
        break;
      case 'eq':
      case 'in':
        if (!has || !r.values.includes(value ?? '')) return false;
        break;
      case 'neq':
      case 'notin':
        if (has && r.values.includes(value ?? '')) return false;
        break;
      case 'gt':
        if (!has || !(Number(value) > Number(r.values[0]))) return false;
        break;
      case 'lt':
        if (!has || !(Number(value) < Number(r.values[0]))) return false;
        break;
    }
  }
  return true;
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A metav1.LabelSelector as requirements; an empty selector matches everything. */
export function requirementsOf(selector: LabelSelectorObject | undefined): Requirement[] {
  if (!selector) return [];
  const out: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({ key, operator: 'eq', values: [value] }));
  for (const e of selector.matchExpressions ?? []) {
    const op = e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : 'notexists';
    out.push({ key: e.key, operator: op, values: e.values ?? [] });
  }
  return out;
}

/** The text form kubectl prints: sorted by key, "app=reviews,version in (v1,v2)". */
export function formatRequirements(requirements: Requirement[]): string {
  if (requirements.length === 0) return '<none>';
  return [...requirements]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((r) => {
      switch (r.operator) {
        case 'exists':
          return r.key;
        case 'notexists':
          return `!${r.key}`;
        case 'eq':
          return `${r.key}=${r.values[0] ?? ''}`;
        case 'neq':
          return `${r.key}!=${r.values[0] ?? ''}`;
        case 'in':
          return `${r.key} in (${[...r.values].sort().join(',')})`;
        case 'notin':
          return `${r.key} notin (${[...r.values].sort().join(',')})`;
        case 'gt':
          return `${r.key}>${r.values[0] ?? ''}`;
        case 'lt':
          return `${r.key}<${r.values[0] ?? ''}`;
      }
      return r.key;
    })
    .join(',');
}

export function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '<none>' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

export interface FieldRequirement {
  field: string;
  negate: boolean;
  value: string;
}

/** Field selectors the real server accepts beyond metadata.name and metadata.namespace. */
const extraSelectableFields: Record<string, string[]> = {
  '/pods': ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  '/events': ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  '/secrets': ['type'],
  '/namespaces': ['status.phase'],
  '/nodes': ['spec.unschedulable'],
  '/replicationcontrollers': ['status.replicas'],
  'apps/replicasets': ['status.replicas'],
  'batch/jobs': ['status.successful'],
};

export function parseFieldSelector(text: string | null | undefined, typeKey: string): FieldRequirement[] {
  if (!text) return [];
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...(extraSelectableFields[typeKey] ?? [])]);
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((part) => {
      const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
      if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
      const field = m[1] ?? '';
      if (!allowed.has(field)) throw badRequest(`field label not supported: ${field}`);
      return { field, negate: m[2] === '!=', value: m[3] ?? '' };
    });
}

function fieldValue(obj: unknown, path: string): string {
  if (path === 'source') {
    const source = (obj as { source?: { component?: string } }).source;
    return source?.component ?? '';
  }
  let current: unknown = obj;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return '';
  return String(current);
}

export function matchesFields(requirements: FieldRequirement[], obj: unknown): boolean {
  for (const r of requirements) {
    const equal = fieldValue(obj, r.field) === r.value;
    if (equal === r.negate) return false;
  }
  return true;
}
