// core/v1 Events as the kubelet and controllers write them: one object per (object, reason,
// message), repeated occurrences bump count and lastTimestamp instead of adding objects.
// Writing an event never fails its caller (a terminating namespace simply gets none).
import { randomBytes } from 'node:crypto';
import type { ResourceApi } from '../resource-api.js';
import { timestamp } from '../resource-api.js';
import type { KubeObject } from '../store.js';

export interface EventSource {
  component: string;
  host?: string;
}

export class EventRecorder {
  private readonly names = new Map<string, string>();
  /** Events in creation order, so the oldest can expire (the real API server's event TTL). */
  private readonly order: { namespace: string; name: string }[] = [];

  constructor(
    private readonly api: ResourceApi,
    private readonly maxEvents = 5000,
  ) {}

  private expireOldest(): void {
    const eventsType = this.api.registry.get('', 'events');
    while (eventsType && this.order.length > this.maxEvents) {
      const oldest = this.order.shift();
      if (!oldest) break;
      try {
        this.api.delete(eventsType, oldest.namespace, oldest.name);
      } catch {
        // Already gone with its namespace.
      }
    }
  }

  record(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): void {
    const eventsType = this.api.registry.get('', 'events');
    if (!eventsType) return;
    const namespace = obj.metadata.namespace ?? 'default';
    const dedupe = `${obj.metadata.uid ?? ''}|${reason}|${message}|${fieldPath ?? ''}`;
    const now = timestamp(this.api.now());
    try {
      const existingName = this.names.get(dedupe);
      const existing = existingName ? this.api.tryGet(eventsType, namespace, existingName) : undefined;
      if (existing) {
        const next = { ...existing, count: Number(existing['count'] ?? 1) + 1, lastTimestamp: now, metadata: { ...existing.metadata } };
        this.api.update(eventsType, 'v1', namespace, existing.metadata.name ?? '', next, { fieldManager: source.component });
        return;
      }
      const name = `${obj.metadata.name ?? 'object'}.${randomBytes(8).toString('hex')}`;
      this.api.create(
        eventsType,
        'v1',
        namespace,
        {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace },
          involvedObject: {
            kind: obj.kind,
            namespace: obj.metadata.namespace,
            name: obj.metadata.name,
            uid: obj.metadata.uid,
            apiVersion: obj.apiVersion,
            resourceVersion: obj.metadata.resourceVersion,
            ...(fieldPath ? { fieldPath } : {}),
          },
          reason,
          message,
          source,
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
          type,
          eventTime: null,
          reportingComponent: source.component,
          reportingInstance: source.host ?? '',
        },
        { fieldManager: source.component },
      );
      this.names.set(dedupe, name);
      if (this.names.size > 50_000) this.names.clear();
      this.order.push({ namespace, name });
      this.expireOldest();
    } catch {
      // Events are best effort, exactly as in a real cluster.
    }
  }
}
