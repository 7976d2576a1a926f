// The reference lookup's rules that do not depend on this machine: MESHDECK_ISTIO_REFERENCE comes
// first and must be a release folder, and the download cache lives outside the repository.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findIstioReference, referenceCacheDir } from './istio-reference';

function releaseFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'meshdeck-reference-'));
  mkdirSync(join(dir, 'samples', 'bookinfo'), { recursive: true });
  mkdirSync(join(dir, 'manifests', 'charts'), { recursive: true });
  return dir;
}

describe('findIstioReference', () => {
  it('takes MESHDECK_ISTIO_REFERENCE before anything else', () => {
    const dir = releaseFolder();
    expect(findIstioReference({ MESHDECK_ISTIO_REFERENCE: dir })).toBe(dir);
  });

  it('refuses a MESHDECK_ISTIO_REFERENCE that is no release folder, saying which', () => {
    const empty = mkdtempSync(join(tmpdir(), 'meshdeck-reference-'));
    expect(() => findIstioReference({ MESHDECK_ISTIO_REFERENCE: empty })).toThrow(`MESHDECK_ISTIO_REFERENCE=${empty} has no samples/bookinfo and manifests/charts`);
  });

  it('keeps the downloaded release in the user cache, not in the repository', () => {
    expect(referenceCacheDir({ XDG_CACHE_HOME: '/var/cache/u' })).toBe('/var/cache/u/meshdeck-test-reference');
    expect(referenceCacheDir({})).toMatch(/\.cache[\\/]meshdeck-test-reference$/);
  });
});
