import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rewritePrometheusConfig } from './prometheus-config.js';

const upstreamLike = `
global:
  scrape_interval: 15s
  scrape_timeout: 10s
scrape_configs:
- job_name: kubernetes-api-servers
  bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
  kubernetes_sd_configs:
  - role: endpoints
  scheme: https
  tls_config:
    ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
- job_name: kubernetes-pods
  kubernetes_sd_configs:
  - role: pod
    namespaces:
      names: [default]
  relabel_configs:
  - action: keep
    regex: true
    source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
- job_name: kubernetes-pods-slow
  scrape_interval: 5m
  scrape_timeout: 30s
  kubernetes_sd_configs:
  - role: pod
- job_name: prometheus
  static_configs:
  - targets: [localhost:9090]
rule_files:
- /etc/config/recording_rules.yml
`;

const rewrite = { root: '/tmp/root', mountPaths: ['/etc/config', '/var/run/secrets/kubernetes.io/serviceaccount'], sdDir: '/tmp/root/sd', proxyUrl: 'http://127.0.0.1:4000', scrapeInterval: '1s' };

describe('the world Prometheus config rewrite', () => {
  it('turns each kubernetes_sd_configs entry into a file_sd file with its role, and keeps relabelling as it is', () => {
    const { text, sdFiles } = rewritePrometheusConfig(upstreamLike, rewrite);
    const config = parse(text) as { scrape_configs: Record<string, unknown>[] };
    expect(sdFiles).toEqual([
      { path: '/tmp/root/sd/kubernetes-api-servers-0.json', role: 'endpoints' },
      { path: '/tmp/root/sd/kubernetes-pods-0.json', role: 'pod', namespaces: ['default'] },
      { path: '/tmp/root/sd/kubernetes-pods-slow-0.json', role: 'pod' },
    ]);
    const pods = config.scrape_configs[1] ?? {};
    expect(pods['kubernetes_sd_configs']).toBeUndefined();
    expect(pods['file_sd_configs']).toEqual([{ files: ['/tmp/root/sd/kubernetes-pods-0.json'], refresh_interval: '1s' }]);
    expect(pods['relabel_configs']).toEqual([{ action: 'keep', regex: true, source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'] }]);
  });

  it('moves mounted paths under the root, routes every job through the pod network proxy and shortens only the global interval', () => {
    const config = parse(rewritePrometheusConfig(upstreamLike, rewrite).text) as { global: Record<string, string>; rule_files: string[]; scrape_configs: Record<string, unknown>[] };
    expect(config.global).toEqual({ scrape_interval: '1s', scrape_timeout: '1s' });
    expect(config.rule_files).toEqual(['/tmp/root/etc/config/recording_rules.yml']);
    const [api, , slow, self] = config.scrape_configs;
    expect(api?.['bearer_token_file']).toBe('/tmp/root/var/run/secrets/kubernetes.io/serviceaccount/token');
    expect(api?.['tls_config']).toEqual({ ca_file: '/tmp/root/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' });
    expect(config.scrape_configs.every((job) => job['proxy_url'] === 'http://127.0.0.1:4000')).toBe(true);
    expect([slow?.['scrape_interval'], slow?.['scrape_timeout']]).toEqual(['5m', '30s']);
    expect(self?.['static_configs']).toEqual([{ targets: ['localhost:9090'] }]);
  });

  it('refuses a role the world cannot discover', () => {
    expect(() => rewritePrometheusConfig('scrape_configs:\n- job_name: x\n  kubernetes_sd_configs:\n  - role: ingress\n', rewrite)).toThrow(/role "ingress"/);
  });
});
