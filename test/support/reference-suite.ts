// How a suite that reads the upstream Istio reference files behaves without them: under
// CI=true it fails, saying the ways to get them; elsewhere it is skipped with one line on the
// console saying the same. The lookup itself is istio-reference.ts's (no network here: the
// run's global setup already tried the download once).
import { describe, it } from 'vitest';
import { besideRepo, findIstioReference, missingReferenceAdvice } from './istio-reference';

/**
 * A suite that reads the reference files: with them it runs `body(reference)`; without them it
 * fails under CI=true and is skipped elsewhere with one line on the console. The placeholder
 * path handed to a skipped body is never read, since none of its tests or hooks run.
 */
export function describeWithIstioReference(name: string, body: (reference: string) => void): void {
  const reference = findIstioReference();
  if (reference) {
    describe(name, () => body(reference));
  } else if (process.env['CI'] === 'true') {
    describe(name, () => {
      it('has the upstream Istio reference files', () => {
        throw new Error(`CI=true needs the reference files, but ${missingReferenceAdvice()}.`);
      });
    });
  } else {
    console.warn(`Skipping "${name}": ${missingReferenceAdvice()}.`);
    describe.skip(name, () => body(besideRepo));
  }
}

/**
 * For tests that check more with the reference files than without (a property that also checks
 * the upstream CRD schemas): the folder, or undefined after one line saying what is left out.
 * Under CI=true a missing folder fails the file instead.
 */
export function optionalIstioReference(leftOut: string): string | undefined {
  const reference = findIstioReference();
  if (reference) return reference;
  if (process.env['CI'] === 'true') throw new Error(`CI=true needs the reference files, but ${missingReferenceAdvice()}.`);
  console.warn(`Running without ${leftOut}: ${missingReferenceAdvice()}.`);
  return undefined;
}
