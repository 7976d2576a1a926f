// `meshdeck workshop` as an author and an attendee run it (the built CLI, in its own process):
// validate refuses malformed packs with file:line:column: field and exit 2; run-all proves the
// example pack on a world lab (exit 0, the table); check exits 1 on a lesson not done yet.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, repoRoot, runCliAsync } from '../support/built-cli';
import { describeWithIstioReference } from '../support/reference-suite';
import { startWorldLabWithRelease, type WorldLab } from '../support/world-lab';

const EXAMPLE = join(repoRoot, 'resources', 'workshops', 'example-pack');
const LESSON_1 = 'lessons/01-reviews-v1.yaml';
const LESSON_2 = 'lessons/02-ratings-abort.yaml';

/** The 1-based line where `text` first holds `needle`. */
const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

interface Breakage {
  name: string;
  file: string;
  change(text: string): string;
  /** The text on the line the problem must name (or, for an object in an inline block, the block's first line and that text). */
  at: string;
  inline?: boolean;
  field: RegExp;
}

const BREAKAGES: Breakage[] = [
  { name: 'bad YAML', file: LESSON_1, change: (t) => t.replace('title: "Send every reviews request to v1"', 'title: "Send every reviews request to v1'), at: 'title: "Send', field: /^\(document\)$/ },
  { name: 'an unknown check kind', file: LESSON_1, change: (t) => t.replace('- kind: object', '- kind: objekt'), at: 'kind: objekt', field: /^tasks\[0\]\.check\[0\]\.kind$/ },
  { name: 'a lesson without checks', file: LESSON_2, change: (t) => t.replace(/ {4}check:\n(?: {6}.*\n)+/, ''), at: '- id: abort-500', field: /^tasks\[0\]\.check$/ },
  {
    name: 'a solution that does not validate',
    file: LESSON_2,
    change: (t) => t.replace('httpStatus: 500\n                      percentage', 'httpStatus: "five hundred"\n                      percentage'),
    at: 'httpStatus: "five hundred"',
    inline: true,
    field: /^tasks\[0\]\.solution\.apply\[0\]\.inline$/,
  },
];

describe('meshdeck workshop validate', () => {
  let dir: string;
  beforeAll(async () => {
    assertBuilt();
    dir = await mkdtemp(join(tmpdir(), 'meshdeck-packs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the example pack is valid: exit 0 with a summary', async () => {
    const result = await runCliAsync(['workshop', 'validate', EXAMPLE], { MESHDECK_HOME: join(dir, 'home') });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/valid\. Example pack \(example-pack 0\.1\.0\): 2 lessons, about 10 minutes\./);
    expect(result.status).toBe(0);
  });

  it.each(BREAKAGES)('$name: exit 2 with file:line:column: field: message', async (breakage) => {
    const pack = join(dir, breakage.name.replace(/\W+/g, '-'));
    await cp(EXAMPLE, pack, { recursive: true });
    const text = breakage.change(await readFile(join(pack, breakage.file), 'utf8'));
    expect(text).toContain(breakage.at);
    await writeFile(join(pack, breakage.file), text);
    const result = await runCliAsync(['workshop', 'validate', pack], { MESHDECK_HOME: join(dir, 'home') });
    expect(result.status).toBe(2);
    const first = result.stderr.split('\n').find((l) => l.startsWith(join(pack, breakage.file))) ?? result.stderr;
    const match = /^(.+):(\d+):(\d+): (\S+): (.+)$/.exec(first);
    expect(match, result.stderr).not.toBeNull();
    const line = Number(match?.[2]);
    // An object inside an inline block is placed at the block (its first line) or at the bad field.
    if (breakage.inline) expect(line).toBeGreaterThanOrEqual(lineOf(text, '- inline: |'));
    else expect(line).toBe(lineOf(text, breakage.at));
    expect(line).toBeLessThanOrEqual(lineOf(text, breakage.at));
    expect(match?.[4]).toMatch(breakage.field);
    expect(result.stderr).toMatch(/nothing was applied/);
  });
});

describeWithIstioReference('meshdeck workshop on a lab', () => {
  let lab: WorldLab;
  // `sample:` objects come from the lab's Istio release (from the world's mirror: this lab was made without up).
  const cli = (...args: string[]) => runCliAsync(['workshop', ...args], lab.env, 120_000);

  beforeAll(async () => {
    assertBuilt();
    lab = await startWorldLabWithRelease({ seed: 18 });
  }, 120_000);
  afterAll(async () => {
    await lab?.stop();
  });

  it('check of a lesson not done yet exits 1 and says what is missing', async () => {
    expect((await cli('start', 'reviews-v1', '--pack', EXAMPLE)).status).toBe(0);
    const result = await cli('check', 'reviews-v1', '--pack', EXAMPLE);
    expect(result.stdout).toMatch(/✗ reviews-v1: not passed yet/);
    expect(result.stdout).toMatch(/There is no VirtualService reviews sending its requests to the subset v1\./);
    expect(result.status).toBe(1);
  });

  it('run-all on the example pack: every lesson fails first and passes after solve; exit 0 and the table', async () => {
    const result = await cli('run-all', '--pack', EXAMPLE);
    expect(result.stdout).toMatch(/^LESSON +RESET +FAILS FIRST +SOLVE +PASSES +SECONDS$/m);
    expect(result.stdout).toMatch(/^reviews-v1 +ok +ok +ok +ok +\d+\.\d$/m);
    expect(result.stdout).toMatch(/^ratings-abort +ok +ok +ok +ok +\d+\.\d$/m);
    expect(result.stdout).toMatch(/All 2 lessons of example-pack pass/);
    expect(result.status, result.stderr).toBe(0);
  });
});
