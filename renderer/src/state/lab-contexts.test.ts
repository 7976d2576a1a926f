// The Options picker's list of the user's kube contexts, as the lab store reads it.
import { describe, expect, it } from 'vitest';
import { AppError, type KubeContextInfo } from '../../../core/contract';
import { fakeCore as fakeClient } from '../test-support/fake-core';
import { createLabStore, loadKubeContexts, reduceLab } from './lab-store';

describe('kube contexts for the Options picker', () => {
  const contexts: KubeContextInfo[] = [
    { name: 'team-cluster', cluster: 'team', server: 'https://team.example.com:6443', current: true },
    { name: 'kind-meshdeck', cluster: 'kind-meshdeck', server: 'https://127.0.0.1:40123', current: false },
  ];

  it('reads them with kube.contexts, and keeps the list shown while reading again', async () => {
    const store = createLabStore();
    expect(store.getState().state.contexts).toEqual({ kind: 'unknown' });
    const { client, calls } = fakeClient({ 'kube.contexts': () => contexts });
    await loadKubeContexts(client, store);
    expect(calls).toEqual([['kube.contexts', {}]]);
    expect(store.getState().state.contexts).toEqual({ kind: 'loaded', contexts });

    expect(reduceLab(store.getState().state, { type: 'contexts-requested' }).contexts).toEqual({ kind: 'loading', contexts });
  });

  it('turns a refusal into an error the form shows, and never throws', async () => {
    const store = createLabStore();
    const { client } = fakeClient({
      'kube.contexts': () => {
        throw new AppError('INVALID_ARGUMENT', 'Your kubeconfig at /home/u/.kube/config cannot be read.');
      },
    });
    await loadKubeContexts(client, store);
    expect(store.getState().state.contexts).toMatchObject({ kind: 'error', error: { code: 'INVALID_ARGUMENT' } });
  });

  it('asks only once while a read is on its way', async () => {
    const store = createLabStore();
    let release: (value: KubeContextInfo[]) => void = () => undefined;
    const { client, calls } = fakeClient({ 'kube.contexts': () => new Promise<KubeContextInfo[]>((resolve) => (release = resolve)) });
    const first = loadKubeContexts(client, store);
    await loadKubeContexts(client, store);
    release(contexts);
    await first;
    expect(calls).toHaveLength(1);
    expect(store.getState().state.contexts).toEqual({ kind: 'loaded', contexts });
  });
});
