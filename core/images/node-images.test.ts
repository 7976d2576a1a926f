// A node's store from `crictl images -o json` (real crictl's shape: repoTags fully qualified,
// docker.io/library/… for Hub images, repoDigests as name@digest).
import { describe, expect, it } from 'vitest';
import { nodeHas, parseCrictlImages } from './node-images';

const DIGEST = 'sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5';
const crictl = JSON.stringify({
  images: [
    { id: 'sha256:1111', repoTags: ['registry.istio.io/release/pilot:1.30.5'], repoDigests: [], size: '123', uid: null, username: '', pinned: false },
    { id: 'sha256:2222', repoTags: ['docker.io/library/busybox:1.37'], repoDigests: [`docker.io/library/busybox@${DIGEST}`], size: '4', uid: null, username: '', pinned: false },
    { id: 'sha256:3333', repoTags: null, repoDigests: null, size: '1', uid: null, username: '', pinned: true },
  ],
});

describe('node store', () => {
  it('knows images by their normalised name and pinned ones by digest', () => {
    const store = parseCrictlImages(crictl);
    expect(nodeHas(store, 'registry.istio.io/release/pilot:1.30.5')).toBe(true);
    expect(nodeHas(store, 'busybox:1.37')).toBe(true);
    expect(nodeHas(store, `other/name:9@${DIGEST}`)).toBe(true);
    expect(nodeHas(store, 'busybox')).toBe(false);
    expect(nodeHas(store, 'registry.istio.io/release/proxyv2:1.30.5')).toBe(false);
  });

  it('reads an empty store', () => {
    expect(parseCrictlImages('{"images":[]}').names.size).toBe(0);
  });
});
