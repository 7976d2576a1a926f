// The one place that finds the upstream Istio release files (samples/, manifests/) that tests,
// the test world and benchmarks read and the repository never copies: MESHDECK_ISTIO_REFERENCE,
// then ../shared/reference/istio beside the repository, then the pinned release that MeshDeck's
// own verified downloader unpacked into a cache outside the repository (its top folder has the
// same samples/ and manifests/ paths). No vitest here: the world's stand-in processes and the
// benchmarks use it too (test suites go through reference-suite.ts).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { repoRoot as findRepoRoot } from '../world/mirror/repo-paths';
// Only the pure path modules at load time: the world's stand-in processes import this for every
// command; the downloader is loaded when a download is tried.
import { DEFAULT_ISTIO_VERSION, DEFAULT_MIRROR } from '../../core/tools/releases';
import { cachedIstioRoot } from '../../core/tools/tool-paths';
import type { ToolDeps } from '../../core/tools';

export const REFERENCE_ISTIO_VERSION = DEFAULT_ISTIO_VERSION;

// Walked up to, not counted: this module also runs inside the world's bundled stand-ins.
const repoRoot = findRepoRoot();
export const besideRepo = join(repoRoot, '..', 'shared', 'reference', 'istio');
// No answer within this long means no network to speak of: the suite goes on without it.
const answerTimeoutMs = 10_000;
const downloadTimeoutMs = 5 * 60_000;

/** Where the downloaded release is kept: a MeshDeck data dir of its own, outside the repository. */
export function referenceCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'meshdeck-test-reference');
}

function isReference(dir: string): boolean {
  return existsSync(join(dir, 'samples', 'bookinfo')) && existsSync(join(dir, 'manifests', 'charts'));
}

/** The reference folder on this machine, without touching the network; undefined when there is none. */
export function findIstioReference(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env['MESHDECK_ISTIO_REFERENCE'];
  if (chosen) {
    if (!isReference(chosen)) throw new Error(`MESHDECK_ISTIO_REFERENCE=${chosen} has no samples/bookinfo and manifests/charts: point it at an Istio release folder (istio-${REFERENCE_ISTIO_VERSION}/) or unset it.`);
    return chosen;
  }
  const cached = cachedIstioRoot(referenceCacheDir(env), REFERENCE_ISTIO_VERSION);
  return [besideRepo, cached].find(isReference);
}

/** A fetch that gives up when no response headers come within `ms`; a slow body is fine. */
function fetchWithAnswerTimeout(ms: number): ToolDeps['fetch'] {
  return async (input, init) => {
    const noAnswer = new AbortController();
    const timer = setTimeout(() => noAnswer.abort(new Error(`no answer within ${ms / 1000} s`)), ms);
    try {
      return await fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, noAnswer.signal]) : noAnswer.signal });
    } finally {
      clearTimeout(timer);
    }
  };
}

let fetched: Promise<string | undefined> | undefined;

/**
 * The reference folder, downloading the pinned release once when none is on this machine and
 * the network allows (MESHDECK_MIRROR replaces https://github.com). Never throws: without the
 * network it resolves undefined after one quick try, and `log` says why.
 */
export function fetchIstioReference(log: (line: string) => void = console.warn, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  fetched ??= (async () => {
    const found = findIstioReference(env);
    if (found) return found;
    try {
      const { ensureIstio } = await import('../../core/tools');
      const release = await ensureIstio({
        dataDir: referenceCacheDir(env),
        version: REFERENCE_ISTIO_VERSION,
        mirror: env['MESHDECK_MIRROR'] || DEFAULT_MIRROR,
        platform: process.platform,
        arch: process.arch,
        signal: AbortSignal.timeout(downloadTimeoutMs),
        retry: { attempts: 1 },
        deps: { fetch: fetchWithAnswerTimeout(answerTimeoutMs) },
      });
      return release.root;
    } catch (error) {
      log(`Could not download Istio ${REFERENCE_ISTIO_VERSION} for the reference files: ${(error as Error).message}`);
      return undefined;
    }
  })();
  return fetched;
}

/** Why a suite cannot read the files and the three ways to get them, for skip lines and failures. */
export function missingReferenceAdvice(): string {
  return (
    `the upstream Istio files are not on this machine: set MESHDECK_ISTIO_REFERENCE to an Istio ${REFERENCE_ISTIO_VERSION} release folder, ` +
    `put shared/reference/istio beside the repository (${besideRepo}), or let the test run download the release once ` +
    `into ${referenceCacheDir()} (needs the network, or MESHDECK_MIRROR)`
  );
}

/** The reference folder, for code that cannot run without it (the world lab, benchmarks). */
export function requireIstioReference(purpose: string): string {
  const found = findIstioReference();
  if (!found) throw new Error(`${purpose} cannot run: ${missingReferenceAdvice()}.`);
  return found;
}

/** Like requireIstioReference, but downloads the pinned release first when none is here (benchmarks). */
export async function obtainIstioReference(purpose: string): Promise<string> {
  return (await fetchIstioReference()) ?? requireIstioReference(purpose);
}
