// The monitor gateway objects: shape, @kubernetes-models/istio validation, and the upstream
// Istio CRD schemas of the pinned release (the upstream reference files, read at test time).
import { join } from 'node:path';
import { DestinationRule, Gateway, VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1';
import { describe, expect, it } from 'vitest';
import { crdObjectErrors, loadCrdSchemas, schemaErrors } from '../../test/support/crd-schema';
import { describeWithIstioReference } from '../../test/support/reference-suite';
import { DASHBOARDS, dashboardUrls } from './dashboards';
import { monitorGatewayObjects } from './monitor-gateway';

type AnyObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec: Record<string, unknown> };
const objects = () => monitorGatewayObjects() as unknown as AnyObject[];
const byKind = (kind: string) => objects().filter((o) => o.kind === kind);

describe('monitorGatewayObjects', () => {
  it('builds one Gateway, four VirtualServices and four DestinationRules in istio-system, all ours', () => {
    expect(objects().map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Gateway/monitor-gateway',
      'VirtualService/monitor-grafana', 'VirtualService/monitor-kiali', 'VirtualService/monitor-tracing', 'VirtualService/monitor-prometheus',
      'DestinationRule/monitor-grafana', 'DestinationRule/monitor-kiali', 'DestinationRule/monitor-tracing', 'DestinationRule/monitor-prometheus',
    ]);
    for (const object of objects()) {
      expect(object.apiVersion).toBe('networking.istio.io/v1');
      expect(object.metadata.namespace).toBe('istio-system');
      expect(object.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'meshdeck' });
    }
  });

  it('listens like upstream bookinfo-gateway.yaml (8080, http, HTTP) for every dashboard host', () => {
    expect(byKind('Gateway')[0]!.spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['grafana.localhost', 'kiali.localhost', 'tracing.localhost', 'prometheus.localhost'] }],
    });
    const other = monitorGatewayObjects({ domain: 'mesh.example.com' })[0] as unknown as AnyObject;
    expect((other.spec.servers as Array<{ hosts: string[] }>)[0]!.hosts).toContain('kiali.mesh.example.com');
  });

  it('routes each host to its Service and strips X-Frame-Options from Kiali only', () => {
    const routes = Object.fromEntries(byKind('VirtualService').map((vs) => [vs.spec.hosts as string[], vs.spec]).map(([hosts, spec]) => [(hosts as string[])[0], spec]));
    expect(routes['grafana.localhost']).toEqual({ hosts: ['grafana.localhost'], gateways: ['monitor-gateway'], http: [{ route: [{ destination: { host: 'grafana.istio-system.svc.cluster.local', port: { number: 3000 } } }] }] });
    expect(routes['kiali.localhost']).toEqual({
      hosts: ['kiali.localhost'],
      gateways: ['monitor-gateway'],
      http: [{ route: [{ destination: { host: 'kiali.istio-system.svc.cluster.local', port: { number: 20001 } } }], headers: { response: { remove: ['X-Frame-Options'] } } }],
    });
    expect(JSON.stringify(routes['tracing.localhost'])).toContain('"host":"tracing.istio-system.svc.cluster.local","port":{"number":80}');
    expect(JSON.stringify(routes['prometheus.localhost'])).toContain('"port":{"number":9090}');
    expect(JSON.stringify([routes['grafana.localhost'], routes['tracing.localhost'], routes['prometheus.localhost']])).not.toContain('headers');
  });

  it('turns TLS off towards each addon, as the telemetry-addons task does', () => {
    for (const rule of byKind('DestinationRule')) expect(rule.spec).toEqual({ host: expect.stringMatching(/\.istio-system\.svc\.cluster\.local$/), trafficPolicy: { tls: { mode: 'DISABLE' } } });
  });

  it('refuses a domain that is not a DNS name', () => {
    expect(() => monitorGatewayObjects({ domain: 'bad domain' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('passes @kubernetes-models/istio validation', () => {
    const model = { Gateway, VirtualService, DestinationRule } as const;
    for (const object of objects()) {
      const Model = model[object.kind as keyof typeof model];
      expect(() => new Model(object as never).validate()).not.toThrow();
    }
  });

  describeWithIstioReference('with the upstream CRDs', (reference) => {
    const crdFile = join(reference, 'manifests', 'charts', 'base', 'files', 'crd-all.gen.yaml');

    it('fits the upstream Istio CRD schemas of the pinned release', () => {
      const schemas = loadCrdSchemas(crdFile);
      for (const object of objects()) expect(crdObjectErrors(object, schemas), `${object.kind}/${object.metadata.name}`).toEqual([]);
    });

    it('has a schema checker that really catches mistakes', () => {
      const schemas = loadCrdSchemas(crdFile);
      const [gateway, kiali] = objects() as [AnyObject, AnyObject];
      const typo = { ...kiali, spec: { ...kiali.spec, http: [{ route: [{ destination: { host: 'kiali', port: { number: '20001' } } }], header: {} }] } };
      expect(crdObjectErrors(typo, schemas)).toEqual(['spec.http[0].route[0].destination.port.number: must be integer, not string', 'spec.http[0].header: unknown field']);
      const noPort = { ...gateway, spec: { servers: [{ hosts: ['x'] }] } };
      expect(crdObjectErrors(noPort, schemas)).toEqual(['spec.servers[0]: missing required field "port"']);
      expect(schemaErrors({ mode: 'OFF' }, { type: 'object', properties: { mode: { type: 'string', enum: ['DISABLE', 'SIMPLE'] } } })).toHaveLength(1);
    });
  });
});

describe('dashboardUrls', () => {
  it('gives each dashboard its host and base path on the gateway port', () => {
    expect(dashboardUrls({ httpPort: 8080 })).toEqual({
      grafana: 'http://grafana.localhost:8080/',
      kiali: 'http://kiali.localhost:8080/kiali/',
      tracing: 'http://tracing.localhost:8080/jaeger/',
      prometheus: 'http://prometheus.localhost:8080/',
    });
    expect(dashboardUrls({ httpPort: 80, domain: 'mesh.example.com' }).kiali).toBe('http://kiali.mesh.example.com/kiali/');
    expect(DASHBOARDS.map((d) => d.name)).toEqual(['grafana', 'kiali', 'tracing', 'prometheus']);
  });
});
