// Versions of a service from its workloads: label precedence, selector matching, grouping and
// natural order.
import { describe, expect, it } from 'vitest';
import { selects, versionLabelOf, versionOf } from '../kube';
import { naturalCompare, versionsOfService } from './subsets';

const reviews = { name: 'reviews', namespace: 'default', selector: { app: 'reviews' } };

describe('versionOf', () => {
  it('reads canonical-revision, then app.kubernetes.io/version, then version', () => {
    const all = { 'service.istio.io/canonical-revision': 'rev-a', 'app.kubernetes.io/version': '1.2.0', version: 'v1' };
    expect(versionOf(all)).toBe('rev-a');
    expect(versionOf({ 'app.kubernetes.io/version': '1.2.0', version: 'v1' })).toBe('1.2.0');
    expect(versionLabelOf({ 'app.kubernetes.io/version': '1.2.0', version: 'v1' })).toEqual({ key: 'app.kubernetes.io/version', value: '1.2.0' });
    expect(versionLabelOf({ app: 'reviews', version: 'v2' })).toEqual({ key: 'version', value: 'v2' });
    expect(versionOf({ 'service.istio.io/canonical-revision': '', version: 'v3' })).toBe('v3');
    expect(versionOf({ app: 'reviews' })).toBeUndefined();
    expect(versionOf(undefined)).toBeUndefined();
  });
});

describe('selects', () => {
  it('needs every selector label, and a missing or empty selector picks nothing', () => {
    expect(selects({ app: 'reviews' }, { app: 'reviews', version: 'v1' })).toBe(true);
    expect(selects({ app: 'reviews', tier: 'back' }, { app: 'reviews' })).toBe(false);
    expect(selects({}, { app: 'reviews' })).toBe(false);
    expect(selects(undefined, { app: 'reviews' })).toBe(false);
  });
});

describe('versionsOfService', () => {
  it('groups the selected workloads by version, sorted naturally, with pods and ready counts', () => {
    const versions = versionsOfService(reviews, [
      { name: 'reviews-v10', labels: { app: 'reviews', version: 'v10' }, replicas: 1, ready: 1 },
      { name: 'reviews-v2', labels: { app: 'reviews', version: 'v2' }, replicas: 2, ready: 1 },
      { name: 'reviews-v1', labels: { app: 'reviews', version: 'v1' }, replicas: 1, ready: 1 },
      { name: 'reviews-v1-canary', labels: { app: 'reviews', version: 'v1' }, replicas: 3, ready: 0 },
      { name: 'ratings-v1', labels: { app: 'ratings', version: 'v1' }, replicas: 1, ready: 1 },
      { name: 'reviews-unversioned', labels: { app: 'reviews' }, replicas: 1, ready: 1 },
    ]);
    expect(versions).toEqual([
      { name: 'v1', workloads: ['reviews-v1', 'reviews-v1-canary'], pods: 4, ready: 1 },
      { name: 'v2', workloads: ['reviews-v2'], pods: 2, ready: 1 },
      { name: 'v10', workloads: ['reviews-v10'], pods: 1, ready: 1 },
    ]);
  });

  it('counts pods handed in one by one (ready as a boolean, one replica each)', () => {
    const versions = versionsOfService(reviews, [
      { name: 'reviews-v1-abc', labels: { app: 'reviews', version: 'v1' }, ready: true },
      { name: 'reviews-v1-def', labels: { app: 'reviews', version: 'v1' }, ready: false },
      { name: 'reviews-v3-xyz', labels: { app: 'reviews', version: 'v3' } },
    ]);
    expect(versions).toEqual([
      { name: 'v1', workloads: ['reviews-v1-abc', 'reviews-v1-def'], pods: 2, ready: 1 },
      { name: 'v3', workloads: ['reviews-v3-xyz'], pods: 1, ready: 0 },
    ]);
  });

  it('finds nothing for a service without a selector', () => {
    expect(versionsOfService({ ...reviews, selector: undefined }, [{ name: 'reviews-v1', labels: { app: 'reviews', version: 'v1' } }])).toEqual([]);
  });
});

describe('naturalCompare', () => {
  it('orders digit runs as numbers', () => {
    expect(['v10', 'v2', 'v1', 'canary', 'v1-mysql', 'v02', 'v1.10', 'v1.9'].sort(naturalCompare)).toEqual(['canary', 'v1', 'v1-mysql', 'v1.9', 'v1.10', 'v02', 'v2', 'v10']);
    expect(naturalCompare('v2', 'v2')).toBe(0);
  });
});
