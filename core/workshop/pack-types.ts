// The lesson pack as the engine holds it after loading: plain data read from YAML (never code),
// every `file:` already read and every object already parsed, `sample:` refs kept as
// release-relative paths for the lab's Istio release to resolve at run time.
import type { ManifestObject } from '../kube';
import type { WorkshopCheckKind, WorkshopInstructionsInfo, WorkshopLinkInfo, WorkshopRequirementsInfo } from '../contract/workshop';

/** Objects to apply: read from the pack (file/inline) or from the lab's Istio release (sample). */
export type ObjectSource = { kind: 'objects'; objects: ManifestObject[]; from: string; namespace?: string } | { kind: 'sample'; sample: string; namespace?: string };

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** setup, solution and cleanup share this shape. */
export interface PackActions {
  apply: ObjectSource[];
  remove: ObjectRef[];
  restart: ObjectRef[];
}

export type LatencyBound = 'p50AboveMs' | 'p50BelowMs' | 'p99AboveMs' | 'p99BelowMs' | 'maxBelowMs';
export type PageProblemName = 'ratings-unavailable' | 'reviews-unavailable' | 'details-unavailable';

export interface TrafficExpect {
  versions?: Record<string, number>;
  tolerance: number;
  codes?: Record<string, number>;
  latency?: Partial<Record<LatencyBound, number>>;
  page?: PageProblemName;
}

interface CheckBase {
  message: string;
}

export type PackCheck = CheckBase &
  (
    | { kind: 'object'; apiVersion: string; resource: string; name: string; namespace?: string; exists: boolean; match?: unknown }
    | { kind: 'pods-ready'; namespace?: string; selector: string; count?: number }
    | { kind: 'sidecar'; namespace?: string; selector: string }
    | { kind: 'ambient'; namespace?: string }
    | { kind: 'namespace-label'; namespace?: string; label: string; value?: string }
    | {
        kind: 'traffic';
        from: 'gateway' | 'curl';
        clientNamespace?: string;
        url: string;
        host?: string;
        endUser?: string;
        headers: Record<string, string>;
        requests: number;
        rps: number;
        concurrency?: number;
        expect: TrafficExpect;
      }
  );

export type CheckOf<K extends WorkshopCheckKind> = Extract<PackCheck, { kind: K }>;

export interface PackTask {
  id: string;
  title: string;
  setup: PackActions;
  instructions: WorkshopInstructionsInfo;
  check: PackCheck[];
  hint?: string;
  solution: PackActions;
  cleanup: PackActions;
  /** The solution as the author wrote it, for "Show solution". */
  solutionYaml: string;
}

export interface PackLesson {
  id: string;
  title: string;
  minutes: number;
  body: string;
  links: WorkshopLinkInfo[];
  namespaces: string[];
  tasks: PackTask[];
  /** The file the lesson came from, relative to the pack folder. */
  file: string;
}

export interface LessonPack {
  id: string;
  title: string;
  version: string;
  description: string;
  requires: WorkshopRequirementsInfo;
  lessons: PackLesson[];
  /** The folder (or single file) it was read from. */
  path: string;
}
