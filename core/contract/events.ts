// Events the core pushes to every connected face. Subscribing always returns an unsubscribe.

import type { TaskInfo } from './dto';

export interface EventPayloads {
  'task:update': TaskInfo;
}

export type EventName = keyof EventPayloads;

export const EVENT_NAMES: readonly EventName[] = ['task:update'];

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
