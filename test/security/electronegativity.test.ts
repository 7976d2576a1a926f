// Electron's security checklist, checked by a tool rather than by us: @doyensec/electronegativity
// scans the main-process and preload sources and the built bundles. No HIGH or MEDIUM finding may
// remain unless it is suppressed (`// eng-disable CHECK_ID`) with a comment saying why.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, repoRoot } from '../support/built-cli';

interface Finding {
  id: string;
  file: string;
  line: number;
  severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';
  confidence: string;
  description: string;
}

interface ScanResult {
  checks: number;
  errors: { file: string; message: string }[];
  issues: Finding[];
}

interface Suppression {
  file: string;
  line: number;
  checks: string[];
  reason: string;
}

const scanner = join(repoRoot, 'test', 'security', 'electronegativity-scan.mjs');
const electronVersion = (JSON.parse(execFileSync(process.execPath, ['-p', 'JSON.stringify(require("electron/package.json"))'], { cwd: repoRoot, encoding: 'utf8' })) as { version: string }).version;

function scan(input: string): ScanResult {
  const stdout = execFileSync(process.execPath, [scanner, input, electronVersion], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(stdout) as ScanResult;
}

const serious = (result: ScanResult) => result.issues.filter((issue) => issue.severity === 'HIGH' || issue.severity === 'MEDIUM');
const describeFinding = (issue: Finding) => `${issue.severity} ${issue.id} at ${issue.file}:${issue.line} (${issue.description})`;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && /\.(ts|tsx|js|cjs|mjs|html)$/.test(entry.name)).map((entry) => join(entry.parentPath, entry.name));
}

/** Every `eng-disable` in a folder, with the comment lines just above it as its reason. */
async function suppressionsIn(dir: string): Promise<Suppression[]> {
  const found: Suppression[] = [];
  for (const file of await sourceFiles(dir)) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.forEach((text, index) => {
      const match = /eng-disable[ \t]+([\w \t]+)/.exec(text);
      if (!match) return;
      const reason: string[] = [];
      for (let above = index - 1; above >= 0 && /^\s*\/\//.test(lines[above]!); above--) reason.unshift(lines[above]!.replace(/^\s*\/\/\s?/, ''));
      found.push({ file: relative(repoRoot, file), line: index + 1, checks: match[1]!.trim().split(/\s+/), reason: reason.join(' ').trim() });
    });
  }
  return found;
}

describe('electronegativity', () => {
  let sources: ScanResult;
  let bundles: ScanResult;
  let suppressions: Suppression[];
  let fixtureDir: string;

  beforeAll(async () => {
    assertBuilt();
    sources = scan('electron');
    bundles = scan('out');
    suppressions = await suppressionsIn(join(repoRoot, 'electron'));
    fixtureDir = await mkdtemp(join(tmpdir(), 'meshdeck-eng-'));
  });

  afterAll(async () => {
    await rm(fixtureDir, { recursive: true, force: true });
  });

  it('finds what it is meant to find (so a clean result means something)', async () => {
    await writeFile(
      join(fixtureDir, 'main.js'),
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { contextIsolation: false, nodeIntegration: true, sandbox: false } });\n",
    );
    const ids = serious(scan(fixtureDir)).map((issue) => issue.id);
    expect(ids).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']));
  });

  it('parses every source and bundle it is given', () => {
    expect(sources.checks).toBeGreaterThan(30);
    expect(sources.errors).toEqual([]);
    expect(bundles.errors).toEqual([]);
  });

  it('leaves no HIGH or MEDIUM finding in electron/', () => {
    const report = [...sources.issues].map(describeFinding);
    console.info(`electronegativity on electron/: ${report.length} finding(s) left after suppressions\n${report.join('\n')}`);
    expect(serious(sources).map(describeFinding)).toEqual([]);
  });

  it('explains every suppression, citing the checklist', () => {
    expect(suppressions.length).toBeGreaterThan(0);
    for (const suppression of suppressions) {
      console.info(`suppressed ${suppression.checks.join(', ')} at ${suppression.file}:${suppression.line}: ${suppression.reason}`);
      expect(suppression.reason, `${suppression.file}:${suppression.line}`).toMatch(/checklist \d+/i);
      expect(suppression.reason.length, `${suppression.file}:${suppression.line}`).toBeGreaterThan(40);
    }
  });

  it('finds nothing serious in the built bundles that the sources do not suppress with a reason', () => {
    // The bundler drops most comments, so a finding in out/ is accepted only when the same check
    // is suppressed, with its reason, in the electron/ source the bundle is built from.
    const suppressed = new Set(suppressions.flatMap((suppression) => suppression.checks));
    const report = bundles.issues.map(describeFinding);
    console.info(`electronegativity on out/: ${report.length} finding(s)\n${report.join('\n')}`);
    expect(serious(bundles).filter((issue) => !suppressed.has(issue.id)).map(describeFinding)).toEqual([]);
  });
});
