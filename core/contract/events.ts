// Events the core pushes to every connected face. Subscribing always returns an unsubscribe.

import type { TaskInfo, TaskLogInfo } from './dto';
import type { LogBatchInfo, ShellOutputInfo } from './logs';
import type { WorkshopChangedInfo } from './workshop';
import type { GeneratorRunInfo, LabLiveStateInfo, RoutingChangedInfo, TrafficWindowInfo, WorkloadsChangedInfo } from './traffic';

export interface EventPayloads {
  'task:update': TaskInfo;
  /** New log lines of a task, coalesced per tick; a gap in `fromSeq` means a face missed lines. */
  'task:log': TaskLogInfo;
  /** A generator window closed (about once a second per run). */
  'traffic:window': TrafficWindowInfo;
  /** A generator run started, finished, was stopped or failed. */
  'traffic:run': GeneratorRunInfo;
  /** A VirtualService or DestinationRule of a followed namespace changed (any writer: another tab, the CLI, kubectl). */
  'routing:changed': RoutingChangedInfo;
  /** A Service or Deployment of a followed namespace changed (versions, ready counts). */
  'workloads:changed': WorkloadsChangedInfo;
  /** The followed lab's API server stopped answering (gone) or answers again (running). */
  'lab:state': LabLiveStateInfo;
  'logs:batch': LogBatchInfo;
  'shell:output': ShellOutputInfo;
  /** A pack's progress or current lesson changed (any face checked, solved, reset, or the presenter moved on). */
  'workshop:changed': WorkshopChangedInfo;
}

export type EventName = keyof EventPayloads;

export const EVENT_NAMES: readonly EventName[] = [
  'task:update',
  'task:log',
  'traffic:window',
  'traffic:run',
  'routing:changed',
  'workloads:changed',
  'lab:state',
  'logs:batch',
  'shell:output',
  'workshop:changed',
];

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
