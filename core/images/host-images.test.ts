// Finding the lab's images among the host's (GET /images/json as Docker 20.10 answered after a
// pull through a mirror and a `docker tag` to the real name).
import { describe, expect, it } from 'vitest';
import { findHostImage } from './host-images';

const DIGEST = 'sha256:aa57f840a12750701289ef8490c455149a5b1d808ba63de310feef254384ee17';
const listed = [
  {
    Id: 'sha256:a2266bf72c7646b2d8680a3cb14a4cecd51ca0f0e167e70ad3da98a336ec1e5c',
    RepoDigests: [`127.0.0.1:5055/docker.io/library/capture@${DIGEST}`],
    RepoTags: ['127.0.0.1:5055/docker.io/library/capture:1', 'capture:1'],
    Size: 4982368,
  },
  { Id: 'sha256:5200bbb16fc3adbb49e836832747c77ca88eb9dcfca2f805b5a5056a78df20e0', RepoDigests: [], RepoTags: ['meshdeck-test/x:1', 'registry.istio.io/release/pilot:1.30.5'], Size: 1993447 },
  { Id: 'sha256:0000000000000000000000000000000000000000000000000000000000000000', RepoDigests: [], RepoTags: ['<none>:<none>'], Size: 1 },
];

describe('findHostImage', () => {
  it('matches by the normalised name', () => {
    expect(findHostImage('docker.io/library/capture:1', listed)).toEqual({ id: listed[0]!.Id, sizeBytes: 4982368, localName: 'docker.io/library/capture:1' });
    expect(findHostImage('capture:1', listed)?.sizeBytes).toBe(4982368);
    expect(findHostImage('registry.istio.io/release/pilot:1.30.5', listed)?.id).toBe(listed[1]!.Id);
    expect(findHostImage('capture:2', listed)).toBeUndefined();
    expect(findHostImage('capture', listed)).toBeUndefined();
  });

  it('matches a digest-pinned ref by the digest, from any repository, and names the local tag of its repository', () => {
    expect(findHostImage(`capture:1@${DIGEST}`, listed)).toEqual({ id: listed[0]!.Id, sizeBytes: 4982368, localName: 'capture:1' });
    expect(findHostImage(`other/name@${DIGEST}`, listed)?.localName).toBe('127.0.0.1:5055/docker.io/library/capture:1');
    const direct = [{ ...listed[0]!, RepoDigests: [`capture@${DIGEST}`], RepoTags: [] }];
    expect(findHostImage(`capture:1@${DIGEST}`, direct)?.localName).toBe(`capture:1@${DIGEST}`);
    expect(findHostImage('capture:1@sha256:1111111111111111111111111111111111111111111111111111111111111111', listed)).toBeUndefined();
  });
});
