// What is in force for one service (policies.show: rules, breaker, TLS, the security objects
// that select it, who wrote them, the resourceVersions to base a change on), read when the
// panel mounts (one per service: the panel is keyed by it) and again when the namespace's
// routing changes in the cluster (routing:changed, coalesced).

import { useCallback, useEffect, useState } from 'react';
import type { Client, ServicePolicyInfo } from '../../../core/contract';

const READ_AGAIN_MS = 150;

export interface ServicePolicyView {
  policy: ServicePolicyInfo | null;
  error: unknown;
  reload(): Promise<void>;
}

export function useServicePolicy(client: Pick<Client, 'call' | 'on'>, service: string, namespace: string): ServicePolicyView {
  const [policy, setPolicy] = useState<ServicePolicyInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      setPolicy(await client.call('policies.show', { service, namespace }));
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  }, [client, service, namespace]);

  useEffect(() => {
    // Through then(): the state is set when the answer comes, never during the effect.
    client.call('policies.show', { service, namespace }).then(
      (shown) => {
        setPolicy(shown);
        setError(null);
      },
      (failure: unknown) => setError(failure),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.on('routing:changed', (change) => {
      if (change.namespace !== namespace || timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        void reload();
      }, READ_AGAIN_MS);
    });
    return () => {
      off();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [client, service, namespace, reload]);

  return { policy, error, reload };
}
