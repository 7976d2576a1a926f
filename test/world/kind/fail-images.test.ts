// MESHDECK_WORLD_FAIL_IMAGES → the RegExps the cluster runner hands to world.failImages().
import { describe, expect, it } from 'vitest';
import { failImagePatterns } from './fail-images.js';

describe('MESHDECK_WORLD_FAIL_IMAGES', () => {
  const matches = (value: string, image: string) => failImagePatterns(value).some((re) => re.test(image));

  it('is empty when unset or blank', () => {
    expect(failImagePatterns(undefined)).toEqual([]);
    expect(failImagePatterns(' , ')).toEqual([]);
  });

  it('matches plain entries as substrings, taking regex characters literally', () => {
    expect(matches('examples-bookinfo-reviews-v2', 'docker.io/istio/examples-bookinfo-reviews-v2:1.20.3')).toBe(true);
    expect(matches('examples-bookinfo-reviews-v2', 'docker.io/istio/examples-bookinfo-reviews-v3:1.20.3')).toBe(false);
    expect(matches('istio/proxyv2:1.2', 'docker.io/istio/proxyv2:1x2')).toBe(false);
  });

  it('matches entries with * or ? as globs over the whole name, several entries separated by commas', () => {
    expect(matches('nope, docker.io/istio/*-v?:*', 'docker.io/istio/examples-bookinfo-ratings-v1:1.20.3')).toBe(true);
    expect(matches('istio/*-v?', 'docker.io/istio/examples-bookinfo-ratings-v1:1.20.3')).toBe(false);
  });
});
