// Undo records on the objects MeshDeck writes: the last change's objects come back (a created
// one is deleted), an object someone else changed since is a CONFLICT, and after an undo there is
// nothing left to undo, even where an older record remains on the other object.
import { describe, expect, it } from 'vitest';
import type { AppError } from '../contract';
import type { KubeObject } from '../kube';
import { MANAGED_BY } from './routing-objects';
import { newChangeId, undoneMark, undoSteps, withUndoRecord } from './routing-undo';

const object = (kind: string, spec: unknown, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({ apiVersion: 'networking.istio.io/v1', kind, metadata: { name: 'reviews', namespace: 'bookinfo', labels: { [MANAGED_BY.key]: MANAGED_BY.value }, ...extra }, spec }) as KubeObject;
const split = { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] };
const faulted = { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }], fault: { abort: { httpStatus: 500, percentage: { value: 100 } } } }] };
const rule = { host: 'reviews.bookinfo.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }] };

function refusal(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('not refused');
}

describe('undo of MeshDeck\'s last change', () => {
  it('restores the objects of the last change only; a created object is deleted', () => {
    const first = newChangeId();
    const second = newChangeId();
    expect(second > first).toBe(true);
    const dr = withUndoRecord(object('DestinationRule', rule), first, undefined);
    const vs = withUndoRecord(object('VirtualService', faulted), second, JSON.stringify(split));
    expect(undoSteps({ DestinationRule: dr, VirtualService: vs }, 'reviews', 'bookinfo')).toMatchObject([{ kind: 'VirtualService', action: 'restore', spec: split, change: second }]);
    const created = withUndoRecord(object('VirtualService', split), first, undefined);
    expect(undoSteps({ DestinationRule: dr, VirtualService: created }, 'reviews', 'bookinfo').map((s) => `${s.kind}:${s.action}`)).toEqual(['VirtualService:delete', 'DestinationRule:delete']);
  });

  it('an edit since (keys reordered do not count) or an owner change is a CONFLICT', () => {
    const vs = withUndoRecord(object('VirtualService', faulted), newChangeId(), JSON.stringify(split));
    const reordered = { ...vs, spec: { http: faulted.http, hosts: ['reviews'] } };
    expect(undoSteps({ VirtualService: reordered }, 'reviews', 'bookinfo')).toHaveLength(1);
    const edited = { ...vs, spec: { ...faulted, http: [{ ...faulted.http[0], timeout: '2s' }] } };
    const conflict = refusal(() => undoSteps({ VirtualService: edited }, 'reviews', 'bookinfo'));
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.message).toContain('Nothing was changed');
    const taken = { ...vs, metadata: { ...vs.metadata, labels: {} } };
    expect(refusal(() => undoSteps({ VirtualService: taken }, 'reviews', 'bookinfo')).code).toBe('CONFLICT');
  });

  it('after an undo, or with no record at all, there is nothing to undo', () => {
    expect(refusal(() => undoSteps({ VirtualService: object('VirtualService', split) }, 'reviews', 'bookinfo')).code).toBe('NOT_FOUND');
    const older = newChangeId();
    const last = newChangeId();
    const dr = withUndoRecord(object('DestinationRule', rule), older, JSON.stringify({ host: rule.host, subsets: [] }));
    const restored = object('VirtualService', split, { annotations: undoneMark(last) });
    expect(refusal(() => undoSteps({ DestinationRule: dr, VirtualService: restored }, 'reviews', 'bookinfo')).message).toContain('Nothing to undo');
  });
});
