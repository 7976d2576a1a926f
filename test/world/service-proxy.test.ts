import { describe, expect, it } from 'vitest';
import { rewriteLocation, splitSchemeNamePort } from './service-proxy.js';

describe('the API server proxy subresource helpers', () => {
  it('splits [scheme:]name[:port] like utilnet.SplitSchemeNamePort', () => {
    expect(splitSchemeNamePort('prometheus')).toEqual({ scheme: '', name: 'prometheus', port: '' });
    expect(splitSchemeNamePort('prometheus:9090')).toEqual({ scheme: '', name: 'prometheus', port: '9090' });
    expect(splitSchemeNamePort('https:kiali:http')).toEqual({ scheme: 'https', name: 'kiali', port: 'http' });
    expect(splitSchemeNamePort('ftp:a:1')).toBeUndefined();
    expect(splitSchemeNamePort('a:b:c:d')).toBeUndefined();
  });

  it('prefixes same-host absolute redirects with the proxy path and leaves others alone', () => {
    const prefix = '/api/v1/namespaces/istio-system/services/prometheus:9090/proxy';
    expect(rewriteLocation('/classic/graph', prefix, '10.244.0.9:9090')).toBe(`${prefix}/classic/graph`);
    expect(rewriteLocation('/graph?g0.expr=up', prefix, '10.244.0.9:9090')).toBe(`${prefix}/graph?g0.expr=up`);
    expect(rewriteLocation('http://10.244.0.9:9090/query', prefix, '10.244.0.9:9090')).toBe(`${prefix}/query`);
    expect(rewriteLocation('https://example.com/x', prefix, '10.244.0.9:9090')).toBe('https://example.com/x');
    expect(rewriteLocation('graph', prefix, '10.244.0.9:9090')).toBe('graph');
    expect(rewriteLocation(`${prefix}/already`, prefix, '10.244.0.9:9090')).toBe(`${prefix}/already`);
  });
});
