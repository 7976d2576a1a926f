// Undo of MeshDeck's last change to a service's routing. Each write MeshDeck makes carries, in an
// annotation on the object itself, the spec it replaced (null: the object did not exist), a digest
// of the spec it wrote and the change it belongs to, so the undo needs no local state and works
// from any face or machine — like `kubectl rollout undo` reading the previous ReplicaSet. One level:
// the undo's own write says only which change it undid, so an older record left on the other
// object is not undone next. Refused with CONFLICT when the object changed since.

import { createHash } from 'node:crypto';
import { AppError } from '../contract';
import type { KubeObject } from '../kube';
import { ownerOf } from './routing-objects';
import type { RoutingKind } from './routing-watch';

export const UNDO_ANNOTATION = 'meshdeck.io/before-last-change';

interface UndoRecord {
  /** Sortable id shared by the objects one change wrote. */
  change: string;
  /** The spec this write replaced; null when the write created the object. */
  before: unknown;
  /** sha256 of the spec written, keys sorted: the live spec still has it when nobody changed it. */
  wrote: string;
}

/** One step of an undo: put `spec` back, or delete what the change created. */
export type UndoStep = { kind: RoutingKind; object: KubeObject; change: string } & ({ action: 'restore'; spec: unknown } | { action: 'delete' });

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  return value;
}

function digest(spec: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(spec ?? {}))).digest('hex');
}

let sequence = 0;
/** A new change id, later ones sorting after earlier ones. */
export function newChangeId(now = new Date()): string {
  sequence = (sequence + 1) % 1000;
  return `${now.toISOString()}-${String(sequence).padStart(3, '0')}`;
}

/** `object` with the record of what it replaces (`before`: the spec as JSON text, undefined when it is new). */
export function withUndoRecord<T extends KubeObject>(object: T, change: string, before: string | undefined): T {
  const record: UndoRecord = { change, before: before === undefined ? null : (JSON.parse(before) as unknown), wrote: digest(object['spec']) };
  const metadata = { ...object.metadata, annotations: { ...object.metadata?.annotations, [UNDO_ANNOTATION]: JSON.stringify(record) } };
  return { ...object, metadata } as T;
}

/** The undo's own write: no record, only the change it undid. */
export function undoneMark(change: string): Record<string, string> {
  return { [UNDO_ANNOTATION]: JSON.stringify({ undone: change }) };
}

function annotationOf(object: KubeObject | undefined): Partial<UndoRecord> & { undone?: unknown } {
  const text = object?.metadata?.annotations?.[UNDO_ANNOTATION];
  try {
    return text === undefined ? {} : (JSON.parse(text) as Partial<UndoRecord>);
  } catch {
    return {};
  }
}

function recordOf(object: KubeObject | undefined): UndoRecord | undefined {
  const parsed = annotationOf(object);
  return typeof parsed.change === 'string' && typeof parsed.wrote === 'string' ? { change: parsed.change, before: parsed.before ?? null, wrote: parsed.wrote } : undefined;
}

function managersOf(object: KubeObject): string {
  return [...new Set((object.metadata?.managedFields ?? []).map((f) => f.manager ?? '').filter((m) => m !== '' && m !== 'meshdeck'))].join(', ') || 'someone else';
}

/**
 * What undoing MeshDeck's last change to the service does, in write order: restores first (the
 * DestinationRule before the VirtualService using its subsets), then deletes (the route first).
 * NOT_FOUND when there is nothing to undo; CONFLICT, naming who, when an object changed since.
 */
export function undoSteps(live: Partial<Record<RoutingKind, KubeObject>>, service: string, namespace: string): UndoStep[] {
  const recorded = (['DestinationRule', 'VirtualService'] as const).flatMap((kind) => {
    const object = live[kind];
    const record = recordOf(object);
    return object && record ? [{ kind, object, record }] : [];
  });
  const last = recorded.map((r) => r.record.change).sort().at(-1);
  const undone = Object.values(live).map((object) => annotationOf(object).undone).filter((id): id is string => typeof id === 'string').sort().at(-1);
  if (last === undefined || (undone !== undefined && undone >= last)) {
    throw new AppError('NOT_FOUND', `Nothing to undo for ${namespace}/${service}: its routing objects carry no change by MeshDeck (none made yet, or the last one was undone already). See what is in force with \`meshdeck policies ${service}\`.`, { service, namespace });
  }
  const steps = recorded.filter((r) => r.record.change === last);
  for (const { kind, object, record } of steps) {
    if (ownerOf(object) !== 'meshdeck' || digest(object['spec']) !== record.wrote) {
      throw new AppError('CONFLICT', `${kind} ${namespace}/${service} was changed by ${managersOf(object)} after MeshDeck's last change, so undoing it would overwrite that edit. Nothing was changed. See what is in force with \`meshdeck policies ${service}\`, then change what you need.`, { service, namespace, kind, reason: 'moved' });
    }
  }
  const restores = steps.filter((s) => s.record.before !== null).map(({ kind, object, record }): UndoStep => ({ kind, object, change: last, action: 'restore', spec: record.before }));
  const deletes = steps.filter((s) => s.record.before === null).reverse().map(({ kind, object }): UndoStep => ({ kind, object, change: last, action: 'delete' }));
  return [...restores, ...deletes];
}
