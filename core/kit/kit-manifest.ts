// The kit's table of contents, `meshdeck-kit.json` (KitManifestInfo): which parts the kit holds,
// each with its path in the archive, size and SHA-256. Parsed strictly: a manifest that is not
// exactly this shape is a damaged kit (KIT_INVALID), never a half-understood one.

import { AppError, type KitManifestInfo, type KitPartInfo } from '../contract';

export const KIT_FORMAT = 'meshdeck-kit/v1';
export const MANIFEST_PATH = 'meshdeck-kit.json';
const PART_KINDS: ReadonlySet<string> = new Set<KitPartInfo['kind']>(['kind', 'istio-release', 'gateway-api-crds', 'image']);
// Kit paths are plain relative names: no absolute paths, no `..`, nothing a tar reader would treat specially.
const SAFE_PATH = /^(?:tools|istio|gateway-api|images)\/[A-Za-z0-9._-]{1,120}$/;

/** The archive path of the n-th image (0-based): images/0001.tar, … */
export function imagePartPath(index: number): string {
  return `images/${String(index + 1).padStart(4, '0')}.tar`;
}

export function kitInvalid(path: string, why: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('KIT_INVALID', `The kit ${path} ${why} Nothing from it was used. Export the kit again on a machine that has the tools and images (meshdeck kit export FILE), then copy it over again.`, { path, ...details });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parsePart(value: unknown): KitPartInfo | undefined {
  if (!isObject(value)) return undefined;
  const { path, kind, name, bytes, sha256 } = value;
  if (typeof path !== 'string' || !SAFE_PATH.test(path)) return undefined;
  if (typeof kind !== 'string' || !PART_KINDS.has(kind)) return undefined;
  if (typeof name !== 'string' || name.length === 0 || name.length > 512) return undefined;
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) return undefined;
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) return undefined;
  return { path, kind: kind as KitPartInfo['kind'], name, bytes, sha256 };
}

/** The manifest from its JSON text, or KIT_INVALID saying what is wrong with it. */
export function parseKitManifest(text: string, kitPath: string): KitManifestInfo {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw kitInvalid(kitPath, `has a ${MANIFEST_PATH} that is not JSON.`);
  }
  if (!isObject(value) || value.format !== KIT_FORMAT) {
    throw kitInvalid(kitPath, `is not a ${KIT_FORMAT} kit (its ${MANIFEST_PATH} says format ${JSON.stringify(isObject(value) ? value.format : undefined)}). A newer MeshDeck may have written it: update MeshDeck.`);
  }
  const strings = ['createdAt', 'meshdeckVersion', 'platform', 'kindVersion', 'istioVersion'] as const;
  for (const key of strings) if (typeof value[key] !== 'string') throw kitInvalid(kitPath, `has a ${MANIFEST_PATH} without ${key}.`);
  if (!Array.isArray(value.parts)) throw kitInvalid(kitPath, `has a ${MANIFEST_PATH} without parts.`);
  const parts: KitPartInfo[] = [];
  for (const [index, raw] of value.parts.entries()) {
    const part = parsePart(raw);
    if (!part) throw kitInvalid(kitPath, `has a ${MANIFEST_PATH} whose part ${index + 1} is malformed.`, { part: index });
    if (parts.some((p) => p.path === part.path)) throw kitInvalid(kitPath, `lists ${part.path} twice.`, { part: part.path });
    parts.push(part);
  }
  for (const kind of ['kind', 'istio-release', 'gateway-api-crds'] as const) {
    if (!parts.some((p) => p.kind === kind)) throw kitInvalid(kitPath, `has no ${kind} part.`, { missing: kind });
  }
  const v = value as Record<(typeof strings)[number], string>;
  return { format: KIT_FORMAT, createdAt: v.createdAt, meshdeckVersion: v.meshdeckVersion, platform: v.platform, kindVersion: v.kindVersion, istioVersion: v.istioVersion, parts };
}

/** A human name for a part in messages: "image docker.io/istio/examples-bookinfo-ratings-v1:1.20.3 (images/0004.tar)". */
export function describePart(part: KitPartInfo): string {
  const what = part.kind === 'image' ? `image ${part.name}` : part.kind === 'kind' ? `kind (${part.name})` : part.kind === 'istio-release' ? `the Istio release ${part.name}` : `the Gateway API CRDs (${part.name})`;
  return `${what} at ${part.path}`;
}
