// Fan-out of core events to every connected face. Transports subscribe once per client and
// must unsubscribe when the client goes away; a throwing listener never stops the others.

import type { EventName, EventPayloads } from '../contract';

export type EventListener = (name: EventName, payload: EventPayloads[EventName]) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: EventPayloads[E]): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(name, payload);
      } catch {
        // A broken client must not take the others down; its transport cleans it up.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}
