// The node-port decision: only NodePort/LoadBalancer Services selecting the gateway pods count,
// and only while a gateway pod is ready.
import { describe, expect, it } from 'vitest';
import { defaultGateway } from './data-plane.js';
import { ingressNodePorts } from './ingress-node-ports.js';
import { emptySnapshot, podFrom, serviceFrom, type MeshSnapshot } from './mesh-config.js';

const labels = { app: 'istio-ingressgateway', istio: 'ingressgateway' };

function gatewayService(type: string, selector: Record<string, string> = labels) {
  return serviceFrom({
    metadata: { namespace: 'istio-system', name: 'istio-ingressgateway' },
    spec: { type, selector, ports: [{ name: 'status-port', port: 15021 }, { name: 'http2', port: 80, targetPort: 8080, nodePort: 30080 }, { name: 'https', port: 443, targetPort: 8443, nodePort: 30443 }] },
  });
}

function gatewayPod(ready: boolean) {
  return podFrom({
    metadata: { namespace: 'istio-system', name: 'istio-ingressgateway-1', labels },
    spec: { containers: [{ name: 'istio-proxy' }] },
    status: { podIP: '10.244.0.9', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  });
}

function snapshot(services: MeshSnapshot['services'], pods: MeshSnapshot['pods']): MeshSnapshot {
  return { ...emptySnapshot, services, pods };
}

describe('ingressNodePorts', () => {
  it('lists the nodePorts of a NodePort Service with a ready gateway pod', () => {
    expect([...ingressNodePorts(snapshot([gatewayService('NodePort')], [gatewayPod(true)]), defaultGateway)].sort()).toEqual([30080, 30443]);
    expect(ingressNodePorts(snapshot([gatewayService('LoadBalancer')], [gatewayPod(true)]), defaultGateway).has(30080)).toBe(true);
  });

  it('lists nothing without a ready pod, for ClusterIP, or for other selectors', () => {
    expect(ingressNodePorts(snapshot([gatewayService('NodePort')], [gatewayPod(false)]), defaultGateway).size).toBe(0);
    expect(ingressNodePorts(snapshot([gatewayService('ClusterIP')], [gatewayPod(true)]), defaultGateway).size).toBe(0);
    expect(ingressNodePorts(snapshot([gatewayService('NodePort', { app: 'productpage' })], [gatewayPod(true)]), defaultGateway).size).toBe(0);
  });
});
