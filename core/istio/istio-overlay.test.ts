// The IstioOperator overlay: demo profile, ingress gateway NodePort with the fixed nodePorts,
// valid for @kubernetes-models/istio, and a YAML round trip. istioctl-cli.test.ts installs it.
import { IstioOperator } from '@kubernetes-models/istio/install.istio.io/v1alpha1';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { istioOverlay, renderIstioOverlay } from './istio-overlay';

describe('istioOverlay', () => {
  it('asks for the demo profile with a NodePort ingress gateway on the fixed node ports', () => {
    const overlay = istioOverlay({ httpNodePort: 30080, httpsNodePort: 30443 });
    expect(overlay.apiVersion).toBe('install.istio.io/v1alpha1');
    expect(overlay.kind).toBe('IstioOperator');
    expect(overlay.spec.profile).toBe('demo');
    const [gateway] = overlay.spec.components.ingressGateways;
    expect(overlay.spec.components.ingressGateways).toHaveLength(1);
    expect(gateway).toMatchObject({ name: 'istio-ingressgateway', enabled: true });
    expect(gateway!.k8s.service.type).toBe('NodePort');
    expect(gateway!.k8s.service.ports).toEqual([
      { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP' },
      { name: 'http2', port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30080 },
      { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP', nodePort: 30443 },
      { name: 'tcp', port: 31400, targetPort: 31400, protocol: 'TCP' },
      { name: 'tls', port: 15443, targetPort: 15443, protocol: 'TCP' },
    ]);
  });

  it('is a valid IstioOperator for @kubernetes-models/istio and survives YAML', () => {
    const overlay = istioOverlay({ httpNodePort: 31080, httpsNodePort: 31443 });
    const reparsed = parse(renderIstioOverlay(overlay)) as unknown;
    expect(reparsed).toEqual(overlay);
    expect(() => new IstioOperator(reparsed as ConstructorParameters<typeof IstioOperator>[0]).validate()).not.toThrow();
  });

  it('refuses node ports outside the NodePort range or equal to each other', () => {
    expect(() => istioOverlay({ httpNodePort: 8080, httpsNodePort: 30443 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => istioOverlay({ httpNodePort: 30080, httpsNodePort: 30080 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
