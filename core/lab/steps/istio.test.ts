// istioctl's --readiness-timeout is a backstop behind MeshDeck's own stall watch.
import { describe, expect, it } from 'vitest';
import { istioReadinessBackstopMs } from './istio';

describe('the readiness backstop for istioctl install', () => {
  it('is at least an hour, and four stall windows when those are longer', () => {
    expect(istioReadinessBackstopMs(5 * 60_000)).toBe(60 * 60_000);
    expect(istioReadinessBackstopMs(30 * 60_000)).toBe(120 * 60_000);
  });
});
