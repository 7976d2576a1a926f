// The layer table of DESIGN.md is enforced by ESLint; these cases prove the rules bite.
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
