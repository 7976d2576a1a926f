import { describe, expect, it } from 'vitest';
import type { LabStatusInfo, TrafficServiceInfo } from '../../../core/contract';
import type { LabStatusView } from '../state/lab-store';
import { trafficReadiness } from './traffic-readiness';

function lab(istio: LabStatusInfo['istio']): LabStatusView {
  return {
    kind: 'present',
    status: {
      exists: true,
      name: 'meshdeck',
      context: 'kind-meshdeck',
      provider: 'kind',
      istio,
      bookinfo: [],
      addons: [],
      urls: { bookinfo: '', dashboards: { grafana: '', kiali: '', tracing: '', prometheus: '' } },
    },
  };
}

const istiod = [{ name: 'istiod', namespace: 'istio-system', ready: 1, total: 1 }];
const reviews: TrafficServiceInfo = { name: 'reviews', namespace: 'bookinfo', host: 'reviews.bookinfo.svc.cluster.local', versions: [{ name: 'v1', workloads: ['reviews-v1'], pods: 1, ready: 1 }], owner: 'none', objects: [], weights: null };

describe('traffic readiness', () => {
  it('is ready as soon as a service with versions is known', () => {
    expect(trafficReadiness({ kind: 'absent' }, [reviews], null)).toEqual({ kind: 'ready' });
  });

  it('sends the user to Setup when there is no lab', () => {
    expect(trafficReadiness({ kind: 'absent' }, null, null)).toEqual({ kind: 'no-lab' });
    expect(trafficReadiness({ kind: 'loading' }, null, { code: 'CLUSTER_NOT_FOUND', message: 'no lab' })).toEqual({ kind: 'no-lab' });
  });

  it('says Istio is missing when the lab has none', () => {
    expect(trafficReadiness(lab([]), null, { code: 'K8S_API', message: 'no Istio networking API' })).toEqual({ kind: 'no-istio' });
  });

  it('shows other errors as they are', () => {
    const error = { code: 'K8S_API' as const, message: 'The API server did not answer.' };
    expect(trafficReadiness(lab(istiod), null, error)).toEqual({ kind: 'error', error });
  });

  it('waits for the first answer, then says when no service has versions', () => {
    expect(trafficReadiness({ kind: 'unknown' }, null, null)).toEqual({ kind: 'checking' });
    expect(trafficReadiness(lab(istiod), [], null)).toEqual({ kind: 'no-services' });
  });
});
