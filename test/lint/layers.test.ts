// The layer table of DESIGN.md is enforced by ESLint; these cases prove the rules bite. Then the
// structure checks: one composition root (core/app), imported only by the faces' wiring, and a
// CLI that builds none of the core's services itself.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/built-cli';

const eslint = new ESLint({ cwd: repoRoot });

async function restrictedImports(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports').length;
}

const cases: [string, string, boolean][] = [
  ['core/contract/x.ts', "import { readFile } from 'node:fs';", false],
  ['core/contract/x.ts', "import { readFile } from 'fs';", false],
  ['core/contract/x.ts', "import Docker from 'dockerode';", false],
  ['core/contract/x.ts', "import { x } from '../docker';", false],
  ['core/contract/x.ts', "import { x } from './events';", true],
  ['core/docker/x.ts', "import { app } from 'electron';", false],
  ['core/docker/x.ts', "import { useState } from 'react';", false],
  ['core/docker/x.ts', "import { x } from '../../renderer/src/x';", false],
  ['core/docker/x.ts', "import { readFile } from 'node:fs';", true],
  ['core/docker/x.ts', "import { AppError } from '../contract';", true],
  ['core/doctor/x.ts', "import { appDataDir } from '../app/paths';", false],
  ['core/tools/x.ts', "import { createCore } from '../app';", false],
  ['core/kube/logs/x.ts', "import { createCore } from '../../app';", false],
  ['core/tools/x.ts', "import { toolsDir } from '../paths';", true],
  ['core/kube/x.ts', "import { applyObject } from './apply';", true],
  ['core/cli/x.ts', "import { createProcessCore } from '../app';", true],
  ['electron/main/x.ts', "import { x } from '../../renderer/src/x';", false],
  ['electron/main/x.ts', "import { x } from '../preload/index';", false],
  ['electron/main/x.ts', "import { createCore } from '../../core/app';", true],
  ['electron/preload/x.ts', "import { x } from '../../core/docker';", false],
  ['electron/preload/x.ts', "import { readFile } from 'node:fs';", false],
  ['electron/preload/x.ts', "import { contextBridge } from 'electron';", true],
  ['electron/preload/x.ts', "import { IPC_CALL_CHANNEL } from '../../core/contract/protocol';", true],
  ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';", false],
  ['renderer/src/x.ts', "import { x } from '../../core/rpc';", false],
  ['renderer/src/x.ts', "import path from 'path';", false],
  ['renderer/src/x.ts', "import { createClient } from '../../core/contract';", true],
  ['renderer/src/x.ts', "import { create } from 'zustand';", true],
];

describe('layer rules', () => {
  it.each(cases)('%s: %s → allowed %s', async (file, code, allowed) => {
    const count = await restrictedImports(file, `${code}\nexport {};\n`);
    expect(count === 0).toBe(allowed);
  });
});

/** Source files (not tests) under `folder`, as repo-relative paths with forward slashes. */
function sourceFiles(folder: string): string[] {
  return readdirSync(join(repoRoot, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !/\.(test|spec)\.tsx?$/.test(file))
    .map((file) => posix.join(folder, file.split('\\').join('/')));
}

/** Where a file's relative imports point, repo-relative. */
function importedPaths(file: string): string[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)['"](\.[^'"]+)['"]/gm)].map((m) => m[1] as string);
  return specifiers.map((specifier) => relative(repoRoot, join(repoRoot, dirname(file), specifier)).split('\\').join('/'));
}

const faceWiring = (file: string) => file.startsWith('core/app/') || file.startsWith('electron/main/') || file === 'core/cli/cli-session.ts' || file === 'core/cli/serve-command.ts';
const allSources = ['core', 'electron', 'renderer'].flatMap(sourceFiles);

describe('one composition root', () => {
  it('is imported only by the faces’ wiring (electron/main, core/cli/cli-session.ts, core/cli/serve-command.ts)', () => {
    const intoRoot = allSources.filter((file) => importedPaths(file).some((path) => path === 'core/app' || path.startsWith('core/app/')));
    expect(intoRoot.length).toBeGreaterThan(2);
    expect(intoRoot.filter((file) => !faceWiring(file))).toEqual([]);
  });

  it('builds the core only in core/app and the desktop face (which adds its dashboard panes)', () => {
    const building = allSources.filter((file) => /\bcreateCore\(/.test(readFileSync(join(repoRoot, file), 'utf8')));
    expect(building).toContain('core/app/process-core.ts');
    expect(building.filter((file) => !file.startsWith('core/app/') && !file.startsWith('electron/main/'))).toEqual([]);
  });

  it('leaves the CLI to parse, call the contract and print: it constructs none of the core’s services', () => {
    const services = /\bnew (TaskManager|RoutingService|LogStreams|ShellSessions|TrafficRuns)\b|\b(createLabService|defaultLab|createLabClients|startTrafficGenerator|runDoctor)\(/;
    const cli = sourceFiles('core/cli');
    expect(cli.length).toBeGreaterThan(5);
    expect(cli.filter((file) => services.test(readFileSync(join(repoRoot, file), 'utf8')))).toEqual([]);
  });
});
