import { describe, expect, it } from 'vitest';
import type { ServicePolicyInfo } from '../../../core/contract';
import { changeOf, clearOf, fieldsFrom } from './policy-forms';

function policy(overrides: Partial<ServicePolicyInfo> = {}): ServicePolicyInfo {
  return {
    service: 'ratings',
    namespace: 'default',
    owner: 'meshdeck',
    objects: [],
    basedOn: { VirtualService: '5', DestinationRule: '6' },
    rules: [{ match: 'every request', route: [{ version: 'v1', weight: 100 }] }],
    ...overrides,
  };
}

describe('policy forms', () => {
  it('turns a form into the change the CLI would send, leaving blanks out', () => {
    expect(changeOf('fault', { match: '', delay: ' 7s ', abort: '', percent: '50' })).toEqual({ kind: 'fault', delay: '7s', percent: 50 });
    expect(changeOf('fault', { match: 'header:end-user=jason', abort: '500', percent: '' })).toEqual({ kind: 'fault', match: 'header:end-user=jason', abort: 500 });
    expect(changeOf('route', { match: 'header:end-user=jason', to: 'v1=50,v3=50', otherwise: 'v1' })).toEqual({ kind: 'route', match: 'header:end-user=jason', toWeights: [{ version: 'v1', weight: 50 }, { version: 'v3', weight: 50 }], otherwise: 'v1' });
    expect(changeOf('breaker', { maxConnections: '1', interval: '1s' })).toEqual({ kind: 'breaker', maxConnections: 1, interval: '1s' });
  });

  it('hands a number field that is not a number on as typed, for the core to refuse by name', () => {
    expect(changeOf('fault', { percent: 'half', delay: '7 seconds' })).toEqual({ kind: 'fault', percent: 'half', delay: '7 seconds' });
  });

  it('a removal of one policy names only its rule', () => {
    expect(clearOf('fault', 'every request')).toEqual({ kind: 'clear', clear: 'fault' });
    expect(clearOf('fault', 'header:end-user=jason')).toEqual({ kind: 'clear', clear: 'fault', match: 'header:end-user=jason' });
  });

  it('fills a form from a rule in force, to edit it in place', () => {
    const live = policy({ rules: [{ match: 'every request', route: [{ version: 'v1', weight: 100 }], abort: { httpStatus: 500, percent: 50 }, retries: { attempts: 3, perTryTimeout: '2s' } }] });
    expect(fieldsFrom('fault', live, 'every request')).toEqual({ match: '', delay: '', abort: '500', percent: '50' });
    expect(fieldsFrom('retry', live, 'every request')).toEqual({ match: '', attempts: '3', perTryTimeout: '2s', retryOn: '' });
  });
});
