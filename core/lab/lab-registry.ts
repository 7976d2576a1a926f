// The labs this data folder knows, one record each in `<dataDir>/labs/<name>/lab.json` (the
// options it was brought up with, how it was made, its context, when), and which one is current in
// `<dataDir>/labs/current.json`. Wave 1 kept one `<dataDir>/lab.json`: it is read as the current
// lab's record, and moved into the registry on the first write, so nobody loses their lab.
// Reads are synchronous (small files, needed before a task may start); writes are atomic, 0600.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabOptionsInfo } from '../contract';
import { DEFAULT_HTTP_PORT, DEFAULT_HTTPS_PORT, labIdentity, type LabConfig } from './lab-config';
import { DEFAULT_ISTIO_VERSION, writeJsonAtomic } from '../tools';

export interface LabRecord {
  name: string;
  provider: 'kind' | 'context';
  context: string;
  /** What the lab was brought up with, every port and version spelled out. */
  options: LabOptionsInfo;
  /** When MeshDeck first made (or found) the lab's cluster. */
  createdAt: string;
  /** When an `up` of it last succeeded; none while it never has. */
  upAt?: string;
}

export interface LabRegistry {
  records: LabRecord[];
  /** The current lab's name, when it names a known record. */
  current?: string;
}

const labsDir = (dataDir: string) => join(dataDir, 'labs');
const recordPath = (dataDir: string, name: string) => join(labsDir(dataDir), name, 'lab.json');
const currentPath = (dataDir: string) => join(labsDir(dataDir), 'current.json');
const legacyPath = (dataDir: string) => join(dataDir, 'lab.json');

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The options fields of a stored object, each kept only when it has the right type. */
export function optionsOf(value: Record<string, unknown>): LabOptionsInfo {
  const options: LabOptionsInfo = {};
  if (typeof value.name === 'string' && value.name !== '') options.name = value.name;
  if (typeof value.istioVersion === 'string') options.istioVersion = value.istioVersion;
  if (typeof value.httpPort === 'number') options.httpPort = value.httpPort;
  if (typeof value.httpsPort === 'number') options.httpsPort = value.httpsPort;
  if (typeof value.context === 'string' && value.context !== '') options.context = value.context;
  if (value.mergeKubeconfig === true) options.mergeKubeconfig = true;
  if (value.lanSharing === true) options.lanSharing = true;
  return options;
}

/** A record from options as stored (wave 1 left out what was default): every port and version spelled out. */
export function recordFromOptions(stored: LabOptionsInfo, createdAt: string, upAt?: string): LabRecord {
  const { name, provider, context } = labIdentity(stored);
  const options: LabOptionsInfo = { ...stored, name, istioVersion: stored.istioVersion ?? DEFAULT_ISTIO_VERSION, httpPort: stored.httpPort ?? DEFAULT_HTTP_PORT, httpsPort: stored.httpsPort ?? DEFAULT_HTTPS_PORT };
  return { name, provider, context, options, createdAt, ...(upAt ? { upAt } : {}) };
}

/** The record of a lab as this config describes it. */
export function recordFromConfig(config: LabConfig, createdAt: string, upAt?: string): LabRecord {
  const options: LabOptionsInfo = {
    name: config.name,
    istioVersion: config.istioVersion,
    httpPort: config.httpPort,
    httpsPort: config.httpsPort,
    ...(config.provider === 'context' ? { context: config.context } : {}),
    ...(config.mergeInto ? { mergeKubeconfig: true } : {}),
    ...(config.lanSharing ? { lanSharing: true } : {}),
  };
  return { name: config.name, provider: config.provider, context: config.context, options, createdAt, ...(upAt ? { upAt } : {}) };
}

function parseRecord(value: Record<string, unknown> | undefined, name: string): LabRecord | undefined {
  if (!value || typeof value.options !== 'object' || value.options === null) return undefined;
  const options = optionsOf(value.options as Record<string, unknown>);
  // A record under another folder's name is not this lab's.
  if (options.name !== name) return undefined;
  const createdAt = typeof value.createdAt === 'string' ? value.createdAt : new Date(0).toISOString();
  return recordFromOptions(options, createdAt, typeof value.upAt === 'string' ? value.upAt : undefined);
}

/** Wave 1's single lab.json, as the record it stands for. */
function readLegacy(dataDir: string): LabRecord | undefined {
  const value = readJson(legacyPath(dataDir));
  if (!value) return undefined;
  let when = new Date(0).toISOString();
  try {
    when = statSync(legacyPath(dataDir)).mtime.toISOString();
  } catch {
    // Another MeshDeck moved it into the registry just now; its options were read all the same.
  }
  return recordFromOptions(optionsOf(value), when, when);
}

export function readRegistry(dataDir: string): LabRegistry {
  let names: string[] = [];
  try {
    names = readdirSync(labsDir(dataDir), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    // No labs folder yet.
  }
  const records = names.flatMap((name) => parseRecord(readJson(recordPath(dataDir, name)), name) ?? []);
  const legacy = readLegacy(dataDir);
  if (legacy && !records.some((record) => record.name === legacy.name)) records.push(legacy);
  const pointer = readJson(currentPath(dataDir));
  const named = typeof pointer?.name === 'string' ? pointer.name : existsSync(currentPath(dataDir)) ? undefined : legacy?.name;
  records.sort((a, b) => a.name.localeCompare(b.name));
  return { records, ...(named && records.some((record) => record.name === named) ? { current: named } : {}) };
}

export function findRecord(registry: LabRegistry, selector: { name?: string; context?: string }): LabRecord | undefined {
  if (selector.name !== undefined) return registry.records.find((record) => record.name === selector.name && (selector.context === undefined || record.context === selector.context));
  if (selector.context !== undefined) return registry.records.find((record) => record.provider === 'context' && record.context === selector.context);
  return registry.records.find((record) => record.name === registry.current);
}

/** Moves wave 1's lab.json into the registry before anything else is written, so it is not lost or shadowed. */
async function migrateLegacy(dataDir: string): Promise<void> {
  const legacy = readLegacy(dataDir);
  if (!legacy) return;
  if (!existsSync(recordPath(dataDir, legacy.name))) await writeJsonAtomic(recordPath(dataDir, legacy.name), legacy);
  if (!existsSync(currentPath(dataDir))) await writeJsonAtomic(currentPath(dataDir), { name: legacy.name });
  await rm(legacyPath(dataDir), { force: true });
}

export async function saveRecord(dataDir: string, record: LabRecord): Promise<void> {
  await migrateLegacy(dataDir);
  await writeJsonAtomic(recordPath(dataDir, record.name), record);
}

/** Makes the named lab the one commands and screens aim at when none is named. */
export async function setCurrentLab(dataDir: string, name: string): Promise<void> {
  await migrateLegacy(dataDir);
  await writeJsonAtomic(currentPath(dataDir), { name });
}

/** Forgets a lab: its record and what it noted it installed; the current lab then is none. */
export async function forgetLab(dataDir: string, name: string): Promise<void> {
  await migrateLegacy(dataDir);
  await rm(join(labsDir(dataDir), name, 'lab.json'), { force: true });
  await rm(join(labsDir(dataDir), name, 'installed.json'), { force: true });
  if (readJson(currentPath(dataDir))?.name === name) await writeJsonAtomic(currentPath(dataDir), {});
}

/** The current lab's options ({} when there is none: the defaults describe the lab). */
export function recallLab(dataDir: string): Promise<LabOptionsInfo> {
  const registry = readRegistry(dataDir);
  const record = findRecord(registry, {});
  return Promise.resolve(record ? { ...record.options } : {});
}
