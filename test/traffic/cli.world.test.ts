// `meshdeck shift` and `meshdeck traffic` as a user runs them (the built CLI, in its own process)
// against a world lab: dry runs equal to Istio's own reviews task files, refusals that say what was
// wrong, and an applied split that the traffic command then observes.
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { assertBuilt, cliPath, runCliAsync } from '../support/built-cli';
import { describeWithIstioReference } from '../support/reference-suite';
import { bookinfoFile, startWorldLab, type WorldLab } from '../support/world-lab';

interface Route {
  destination?: { host?: string; subset?: string };
  weight?: number;
}
interface Http {
  match?: unknown;
  route?: Route[];
}

/** What a reviews VirtualService does, independent of how it is written down. */
function behaviour(spec: { hosts?: string[]; http?: Http[] }): unknown {
  return {
    hosts: (spec.hosts ?? []).map((h) => h.split('.')[0]),
    http: (spec.http ?? []).map((h) => ({
      match: h.match ?? null,
      route: (h.route ?? [])
        .map((r) => ({ host: (r.destination?.host ?? '').split('.')[0], subset: r.destination?.subset, weight: r.weight ?? (h.route?.length === 1 ? 100 : 0) }))
        .filter((r) => r.weight > 0)
        .sort((a, b) => String(a.subset).localeCompare(String(b.subset))),
    })),
  };
}

async function upstreamReviews(file: string): Promise<{ hosts?: string[]; http?: Http[] }> {
  const docs = parseAllDocuments(await readFile(bookinfoFile(`networking/${file}`), 'utf8')).map((d) => d.toJS() as { kind?: string; metadata?: { name?: string }; spec?: object });
  const vs = docs.find((d) => d.kind === 'VirtualService' && d.metadata?.name === 'reviews');
  if (!vs?.spec) throw new Error(`${file} has no reviews VirtualService`);
  return vs.spec;
}

const TASKS: [file: string, args: string[]][] = [
  ['virtual-service-all-v1.yaml', ['v1=100']],
  ['virtual-service-reviews-90-10.yaml', ['v1=90', 'v2=10']],
  ['virtual-service-reviews-80-20.yaml', ['v1=80', 'v2=20']],
  ['virtual-service-reviews-50-v3.yaml', ['v1=50', 'v3=50']],
  ['virtual-service-reviews-v2-v3.yaml', ['v2=50', 'v3=50']],
  ['virtual-service-reviews-v3.yaml', ['v3=100']],
  ['virtual-service-reviews-test-v2.yaml', ['v1=100', '--header-route', 'end-user=jason:v2']],
];

describeWithIstioReference('meshdeck shift and traffic', () => {
  let lab: WorldLab;
  const cli = (...args: string[]) => runCliAsync(args, lab.env);

  beforeAll(async () => {
    assertBuilt();
    lab = await startWorldLab({ seed: 11 });
  });

  afterAll(async () => {
    await lab?.stop();
  });

  it.each(TASKS)('--dry-run -o yaml for %s is that file', async (file, args) => {
    const result = await cli('shift', 'reviews', ...args, '--dry-run', '-o', 'yaml');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const docs = parseAllDocuments(result.stdout).map((d) => d.toJS() as { kind?: string; metadata?: { labels?: Record<string, string> }; spec?: { hosts?: string[]; http?: Http[] } });
    expect(docs.map((d) => d.kind)).toEqual(['DestinationRule', 'VirtualService']);
    const vs = docs[1];
    expect(vs?.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe('meshdeck');
    expect(behaviour(vs?.spec ?? {})).toEqual(behaviour(await upstreamReviews(file)));
  });

  it('refuses weights that do not sum to 100 or name unknown versions, and writes nothing', async () => {
    const sum = await cli('shift', 'reviews', 'v1=80', 'v2=30');
    expect(sum.status).toBe(2);
    expect(sum.stderr).toMatch(/110/);
    expect(sum.stderr).not.toMatch(/\n\s+at /);
    const unknown = await cli('shift', 'reviews', 'v1=50', 'v7=50');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/v7/);
    expect(unknown.stderr).toMatch(/v1, v2, v3/);
    const words = await cli('shift', 'reviews', 'v1:100');
    expect(words.status).toBe(2);
    const shown = await cli('shift', 'reviews');
    expect(shown.status).toBe(0);
    expect(shown.stdout).toMatch(/no VirtualService or DestinationRule/);
    // A service that is not there: exit 1, advice that names a command that exists.
    const missing = await cli('shift', 'nope', 'v1=100');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Run `meshdeck shift` to list the services with versions');
    expect(missing.stderr).not.toContain('--services');
    const listed = await cli('shift');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^reviews\s+v1,v2,v3\s/m);
    const json = await cli('shift', '--json');
    expect((JSON.parse(json.stdout) as { name: string }[]).map((s) => s.name)).toContain('reviews');
  });

  it('a dry run into a reader that went away (| head -1) ends quietly', async () => {
    const child = spawn(process.execPath, [cliPath, 'shift', 'reviews', 'v1=50', 'v3=50', '--dry-run', '-o', 'yaml'], { env: { ...process.env, ...lab.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise((resolve) => child.once('close', resolve));
    expect(status).toBe(0);
    expect(stderr).toBe('');
  });

  it('applies 50/50 v1/v3, and `meshdeck traffic` sees only v1 and v3 answer', async () => {
    const applied = await cli('shift', 'reviews', 'v1=50', 'v3=50');
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toMatch(/v1 50% · v3 50%/);
    expect(applied.stdout).toMatch(/VirtualService reviews created/);
    await lab.mesh.until((s) => (s.virtualServices.find((v) => v.name === 'reviews')?.http[0]?.route?.length ?? 0) === 2, AbortSignal.timeout(10_000));
    const traffic = await cli('traffic', '--rps', '100', '--duration', '3', '--json');
    expect(traffic.status).toBe(0);
    const result = JSON.parse(traffic.stdout) as { totals: { requests: number; errors: number; byVersion: Record<string, number> } };
    expect(result.totals.requests).toBeGreaterThan(100);
    expect(result.totals.errors).toBe(0);
    expect(result.totals.byVersion['v2'] ?? 0).toBe(0);
    expect((result.totals.byVersion['v1'] ?? 0) + (result.totals.byVersion['v3'] ?? 0)).toBe(result.totals.requests);
    expect(result.totals.byVersion['v1']).toBeGreaterThan(0);
    expect(result.totals.byVersion['v3']).toBeGreaterThan(0);
  });
});
