// MeshDeck's own kubeconfig (<dataDir>/kube/config), one context per lab, merged and never
// replaced: every change reads the file, changes one lab's entries (core/kube/kubeconfig-merge.ts)
// and writes it back atomically (core/tools/atomic-file.ts: temp file + rename, 0600) while holding `<file>.lock` — the lock
// kind and kubectl take on a kubeconfig — so two MeshDeck processes, or a kubectl pointed at the
// file, never lose each other's entries. An unreadable file is never overwritten.

import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../contract';
import { contextNames, mergeLabEntries, parseKubeconfig, removeLabEntries, renderKubeconfig, type KubeconfigDoc, type LabEntries } from '../kube';
import { toolDeps, writeFileAtomic } from '../tools';
import { withLock } from '../tools/file-lock';

async function readDoc(path: string): Promise<KubeconfigDoc> {
  if (!existsSync(path)) return parseKubeconfig('');
  try {
    return parseKubeconfig(await readFile(path, 'utf8'));
  } catch (error) {
    throw new AppError(
      'DISK_ERROR',
      `MeshDeck's kubeconfig at ${path} cannot be read (${(error as Error).message}), so it was left as it is. Move it aside (\`mv ${path} ${path}.broken\`) and run \`meshdeck up\` again: the contexts of running labs are made again from kind.`,
      { path },
    );
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(path, text);
  } catch (error) {
    throw new AppError('DISK_ERROR', `Could not write MeshDeck's kubeconfig at ${path}: ${(error as Error).message}.`, { path });
  }
}

async function change(path: string, edit: (doc: KubeconfigDoc) => KubeconfigDoc, signal?: AbortSignal): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await withLock(`${path}.lock`, toolDeps(), { signal }, async () => {
    const doc = await readDoc(path);
    await writeAtomically(path, renderKubeconfig(edit(doc)));
  });
}

/** Puts one lab's cluster, user and context into the file, keeping every other entry. */
export function mergeLabKubeconfig(path: string, entries: LabEntries, signal?: AbortSignal): Promise<void> {
  return change(path, (doc) => mergeLabEntries(doc, entries), signal);
}

/** Takes one lab's context (and its cluster and user, unless shared) out of the file; nothing when it is not there. */
export async function removeLabKubeconfig(path: string, context: string, signal?: AbortSignal): Promise<void> {
  if (!existsSync(path)) return;
  if (!contextNames(await readDoc(path)).includes(context)) return;
  await change(path, (doc) => removeLabEntries(doc, context), signal);
}

/** The context names the file holds (none when there is no file). */
export async function labKubeconfigContexts(path: string): Promise<string[]> {
  return contextNames(await readDoc(path));
}
