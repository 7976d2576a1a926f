// Vitest global setup: the world's kind and istioctl as bundles before any test runs them
// (test/world/stand-in-bundles.ts), so each call starts like the real binaries, not through tsx.
import { ensureStandInBundles } from '../world/stand-in-bundles';

export default async function setup(): Promise<void> {
  await ensureStandInBundles();
}
