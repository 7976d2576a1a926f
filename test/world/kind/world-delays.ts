// MESHDECK_WORLD_DELAYS: how slow the clusters `kind create cluster` makes are, for benchmarks of
// a whole install. JSON, all times in ms and multiplied by `scale` (default 1):
//   {"scale": 0.1, "cluster": 30000, "stages": {"pull": 1500, "ready": 2500},
//    "pods": [{"match": "^istio-system/istiod-", "ready": 20000}]}
// `cluster` is the least time `kind create cluster` takes (the control plane booting); `stages`
// are the kubelet's per-stage delays (WorldDelays); `pods` override stages for pods whose
// "namespace/name" matches (first match wins). Create reads `cluster`, the runner it starts the
// rest, so set it on `kind create cluster`. Unset means no delays, as before.
import type { PodDelayRule, WorldDelays } from '../index.js';

export interface ClusterDelays {
  clusterMs: number;
  stages: Partial<WorldDelays>;
  pods: PodDelayRule[];
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

export function clusterDelays(value: string | undefined): ClusterDelays {
  if (value === undefined || value.trim() === '') return { clusterMs: 0, stages: {}, pods: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new Error(`MESHDECK_WORLD_DELAYS is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('MESHDECK_WORLD_DELAYS must be a JSON object');
  const spec = parsed as { scale?: unknown; cluster?: unknown; stages?: unknown; pods?: unknown };
  const scale = spec.scale === undefined ? 1 : nonNegative(spec.scale, 'scale');
  if (spec.stages !== undefined && (typeof spec.stages !== 'object' || spec.stages === null || Array.isArray(spec.stages))) throw new Error('MESHDECK_WORLD_DELAYS: stages must be an object of <stage>: ms');
  const stages = spec.stages === undefined ? {} : stagesOf(spec.stages as Record<string, unknown>, 'stages', scale);
  if (spec.pods !== undefined && !Array.isArray(spec.pods)) throw new Error('MESHDECK_WORLD_DELAYS: pods must be a list of {"match": regexp, <stage>: ms}');
  const pods = ((spec.pods as Record<string, unknown>[] | undefined) ?? []).map((rule, i) => {
    if (typeof rule?.['match'] !== 'string') throw new Error(`MESHDECK_WORLD_DELAYS: pods[${i}].match must be a regular expression for "namespace/name"`);
    return { match: new RegExp(rule['match']), delays: stagesOf(rule, `pods[${i}]`, scale) };
  });
  return { clusterMs: spec.cluster === undefined ? 0 : milliseconds(spec.cluster, 'cluster', scale), stages, pods };
}
