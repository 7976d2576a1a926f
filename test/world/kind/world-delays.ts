// MESHDECK_WORLD_DELAYS: how slow the clusters `kind create cluster` makes are, for benchmarks of
// a whole install. JSON, all times in ms and multiplied by `scale` (default 1):
//   {"scale": 0.1, "cluster": 30000, "stages": {"pull": 1500, "ready": 2500},
//    "pods": [{"match": "^istio-system/istiod-", "ready": 20000}]}
// `cluster` is the least time `kind create cluster` takes (the control plane booting); `stages`
// are the kubelet's per-stage delays (WorldDelays); `pods` override stages for pods whose
// "namespace/name" matches (first match wins). Create reads `cluster`, the runner it starts the
// rest, so set it on `kind create cluster`. Unset means no delays, as before.
// `images` models the node's pulls of images it lacks: {"bytesPerSecond": N, "defaultBytes": N,
// "sizes": [{"match": regexp, "bytes": N}]}; a pull takes bytes / bytesPerSecond seconds, times
// `scale` (bytes from the first matching rule, else defaultBytes, else the image's real size).
import type { PodDelayRule, WorldDelays } from '../index.js';

export interface ImageDelays {
  bytesPerSecond: number;
  defaultBytes?: number;
  sizes: Array<{ match: RegExp; bytes: number }>;
  scale: number;
}

export interface ClusterDelays {
  clusterMs: number;
  stages: Partial<WorldDelays>;
  pods: PodDelayRule[];
  images?: ImageDelays;
}

const STAGES = ['schedule', 'pull', 'initContainer', 'start', 'ready', 'terminate', 'backoff'] as const;

function nonNegative(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`MESHDECK_WORLD_DELAYS: ${where} must be a number ≥ 0, got ${JSON.stringify(value)}`);
  return value;
}

function milliseconds(value: unknown, where: string, scale: number): number {
  return Math.round(nonNegative(value, where) * scale);
}

function stagesOf(source: Record<string, unknown>, where: string, scale: number): Partial<WorldDelays> {
  const stages: Partial<WorldDelays> = {};
  for (const stage of STAGES) if (source[stage] !== undefined) stages[stage] = milliseconds(source[stage], `${where}.${stage}`, scale);
  return stages;
}

function imageDelays(value: unknown, scale: number): ImageDelays {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('MESHDECK_WORLD_DELAYS: images must be an object {"bytesPerSecond": N, "defaultBytes": N, "sizes": [...]}');
  const spec = value as { bytesPerSecond?: unknown; defaultBytes?: unknown; sizes?: unknown };
  const bytesPerSecond = nonNegative(spec.bytesPerSecond, 'images.bytesPerSecond');
  if (bytesPerSecond === 0) throw new Error('MESHDECK_WORLD_DELAYS: images.bytesPerSecond must be more than 0');
  if (spec.sizes !== undefined && !Array.isArray(spec.sizes)) throw new Error('MESHDECK_WORLD_DELAYS: images.sizes must be a list of {"match": regexp, "bytes": N}');
  const sizes = ((spec.sizes as Record<string, unknown>[] | undefined) ?? []).map((rule, i) => {
    if (typeof rule?.['match'] !== 'string') throw new Error(`MESHDECK_WORLD_DELAYS: images.sizes[${i}].match must be a regular expression for the image name`);
    return { match: new RegExp(rule['match']), bytes: nonNegative(rule['bytes'], `images.sizes[${i}].bytes`) };
  });
  const defaultBytes = spec.defaultBytes === undefined ? undefined : nonNegative(spec.defaultBytes, 'images.defaultBytes');
  return { bytesPerSecond, sizes, scale, ...(defaultBytes === undefined ? {} : { defaultBytes }) };
}

export function clusterDelays(value: string | undefined): ClusterDelays {
  if (value === undefined || value.trim() === '') return { clusterMs: 0, stages: {}, pods: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new Error(`MESHDECK_WORLD_DELAYS is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('MESHDECK_WORLD_DELAYS must be a JSON object');
  const spec = parsed as { scale?: unknown; cluster?: unknown; stages?: unknown; pods?: unknown; images?: unknown };
  const scale = spec.scale === undefined ? 1 : nonNegative(spec.scale, 'scale');
  if (spec.stages !== undefined && (typeof spec.stages !== 'object' || spec.stages === null || Array.isArray(spec.stages))) throw new Error('MESHDECK_WORLD_DELAYS: stages must be an object of <stage>: ms');
  const stages = spec.stages === undefined ? {} : stagesOf(spec.stages as Record<string, unknown>, 'stages', scale);
  if (spec.pods !== undefined && !Array.isArray(spec.pods)) throw new Error('MESHDECK_WORLD_DELAYS: pods must be a list of {"match": regexp, <stage>: ms}');
  const pods = ((spec.pods as Record<string, unknown>[] | undefined) ?? []).map((rule, i) => {
    if (typeof rule?.['match'] !== 'string') throw new Error(`MESHDECK_WORLD_DELAYS: pods[${i}].match must be a regular expression for "namespace/name"`);
    return { match: new RegExp(rule['match']), delays: stagesOf(rule, `pods[${i}]`, scale) };
  });
  const clusterMs = spec.cluster === undefined ? 0 : milliseconds(spec.cluster, 'cluster', scale);
  return { clusterMs, stages, pods, ...(spec.images === undefined ? {} : { images: imageDelays(spec.images, scale) }) };
}
