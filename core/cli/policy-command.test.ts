// The policy commands' words: Istio durations, percentages, Envoy's retry conditions and the
// --match syntax become the request the core gets; bad words are refused with exit 2 and what to
// type instead, before any lab is asked (the stand-in lab records no call).
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../../test/cli/cli-harness';
import { durationMs, parseMatch } from '../policies';
import { formatPolicy } from './policies-command';
import { policyRequestOf } from './policy-command';
import { authzWords, mtlsWords } from './security-command';

describe('words → request', () => {
  it('fault, route, timeout, retry and breaker say what the core applies', () => {
    expect(policyRequestOf('fault', ['ratings', '--delay', '7s', '--match', 'header:end-user=jason'])).toEqual({ service: 'ratings', change: { kind: 'fault', delay: '7s', match: 'header:end-user=jason' } });
    expect(policyRequestOf('fault', ['ratings', '--abort', '500', '--percent', '12.5%', '-n', 'shop', '--take-over'])).toEqual({ service: 'ratings', namespace: 'shop', takeOver: true, change: { kind: 'fault', abort: 500, percent: 12.5 } });
    expect(policyRequestOf('route', ['reviews', '--match', 'header:end-user=jason', '--to', 'v2', '--otherwise', 'v1']).change).toEqual({ kind: 'route', match: 'header:end-user=jason', to: 'v2', otherwise: 'v1' });
    expect(policyRequestOf('route', ['reviews', '--match', 'header:x-canary=yes', '--to', 'v2=50,v3=50']).change).toEqual({ kind: 'route', match: 'header:x-canary=yes', toWeights: [{ version: 'v2', weight: 50 }, { version: 'v3', weight: 50 }] });
    expect(policyRequestOf('timeout', ['reviews', '0.5s']).change).toEqual({ kind: 'timeout', timeout: '0.5s' });
    expect(policyRequestOf('retry', ['ratings', '--attempts', '3', '--per-try', '2s', '--on', '5xx,reset']).change).toEqual({ kind: 'retry', attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset' });
    expect(policyRequestOf('breaker', ['reviews', '--max-connections', '1', '--ejection', '3m', '--max-ejection', '100']).change).toEqual({ kind: 'breaker', maxConnections: 1, baseEjectionTime: '3m', maxEjectionPercent: 100 });
  });

  it('reads the --match syntax: header exact/prefix/regex, uri exact/prefix/regex, method, parts ANDed', () => {
    expect(parseMatch('header:End-User=jason')).toEqual([{ headers: { 'end-user': { exact: 'jason' } } }]);
    expect(parseMatch('header:x-canary^=yes,uri:/api/*,method:post')).toEqual([{ headers: { 'x-canary': { prefix: 'yes' } }, uri: { prefix: '/api/' }, method: { exact: 'POST' } }]);
    expect(parseMatch('header:user~=^j.*$')).toEqual([{ headers: { user: { regex: '^j.*$' } } }]);
    expect(parseMatch('uri:/productpage')).toEqual([{ uri: { exact: '/productpage' } }]);
    expect(parseMatch('uri~=/v[0-9]+/.*')).toEqual([{ uri: { regex: '/v[0-9]+/.*' } }]);
  });

  it('reads Istio durations as Go does', () => {
    expect(['7s', '0.5s', '100ms', '1m', '1m30s', '2h'].map(durationMs)).toEqual([7000, 500, 100, 60_000, 90_000, 7_200_000]);
    expect(['7 seconds', '7', 's', '-1s', '1.s'].map(durationMs)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('mtls and authz: namespace or mesh; TARGET equal to the namespace is namespace-wide', () => {
    expect(mtlsWords(['default', 'strict'], {})).toEqual({ namespace: 'default', change: { kind: 'mtls', mode: 'STRICT' } });
    expect(mtlsWords(['strict'], { mesh: true }).change).toEqual({ kind: 'mtls', mode: 'STRICT', mesh: true });
    expect(authzWords(['default', 'deny-all'], {}).change).toEqual({ kind: 'authz', action: 'deny-all' });
    expect(authzWords(['productpage', 'allow'], { from: 'sa:default/bookinfo-productpage', methods: 'GET', paths: '/api/*' }).change).toEqual({ kind: 'authz', action: 'allow', workload: 'productpage', from: 'sa:default/bookinfo-productpage', methods: 'GET', paths: '/api/*' });
  });
});

describe('policies SERVICE', () => {
  it('lists the rules in order with their policies, the breaker, TLS and the security in force', () => {
    const text = formatPolicy({
      service: 'ratings',
      namespace: 'default',
      owner: 'meshdeck',
      objects: [],
      basedOn: { VirtualService: '7', DestinationRule: '6' },
      rules: [
        { match: 'header:end-user=jason', route: [{ version: 'v1', weight: 100 }], delay: { fixedDelay: '7s', percent: 100 } },
        { match: 'every request', route: [{ version: 'v1', weight: 75 }, { version: 'v2', weight: 25 }], timeout: '3s', retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx' } },
      ],
      breaker: { maxConnections: 1, consecutive5xxErrors: 1 },
      tls: 'ISTIO_MUTUAL',
      security: { mtls: { mode: 'STRICT', object: 'istio-system/default' }, authorization: [{ namespace: 'default', name: 'allow-nothing', action: 'ALLOW', rules: 0, owner: 'meshdeck' }] },
    });
    expect(text.split('\n')).toEqual([
      'ratings (default) — written by MeshDeck',
      '  rules, in order:',
      '  1. header:end-user=jason → v1 100% · delay 7s (100%)',
      '  2. every request → v1 75% · v2 25% · timeout 3s · retries 3 × 2s on 5xx',
      '  circuit breaker: maxConnections 1, consecutive5xxErrors 1',
      '  tls: ISTIO_MUTUAL',
      '  mTLS: STRICT (PeerAuthentication istio-system/default)',
      '  authorization: default/allow-nothing ALLOW (allow-nothing)',
    ]);
  });
});

describe('refusals: exit 2, what to type instead, and no call to the lab', () => {
  it.each([
    [['fault', 'ratings', '--delay', '7 seconds'], 'type 7s'],
    [['fault', 'ratings', '--delay', '7'], 'type 7s'],
    [['fault', 'ratings', '--abort', '500', '--percent', '150'], 'from 0 to 100'],
    [['fault', 'ratings', '--abort', '500', '--percent', '-5'], 'from 0 to 100'],
    [['fault', 'ratings', '--abort', '700'], 'from 200 to 599'],
    [['fault', 'ratings'], '--delay DURATION or --abort STATUS'],
    [['fault', 'ratings', '--abort', '500', '--match', 'uri:/*'], 'shadow every rule after it'],
    [['fault', 'ratings', '--abort', '500', '--match', 'end-user=jason'], 'header:NAME=VALUE'],
    [['retry', 'ratings', '--attempts', '3', '--on', '5xx,timeouts'], '"timeouts" is not one'],
    [['timeout', 'reviews', 'half a second'], 'Istio duration'],
    [['route', 'reviews', '--to', 'v2'], '--match COND and --to VERSION'],
    [['route', 'reviews', '--match', 'header:x-canary=yes', '--to', 'v2=50,v3=150'], 'from 0 to 100'],
    [['breaker', 'reviews'], 'at least one setting'],
    [['route', 'reviews', '--match', 'header:end-user=jason', '--to', 'V2'], '--to: expected a version label such as v1'],
    [['authz', 'Product_Page', 'allow'], 'TARGET: expected a DNS-1123 name'],
    [['breaker', 'reviews', '--max-ejection', '101'], 'from 0 to 100'],
    [['policies', 'reviews', '--clear', 'everything'], '--clear takes fault, timeout, retry, breaker, route, tls, all'],
    [['mtls', 'default', 'strictest'], 'strict, permissive or disable'],
    [['authz', 'default', 'deny'], 'allow, deny-all or allow-nothing'],
    [['authz', 'productpage', 'allow', '--from', 'bookinfo-productpage'], 'sa:NAMESPACE/SERVICE_ACCOUNT'],
    [['authz', 'default', 'deny-all', '--methods', 'GET'], 'go with allow'],
  ])('%j', async (argv, says) => {
    const result = await runInProcess(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(says);
    expect(result.labCalls).toEqual([]);
  });

  it('--json refusals are JSON on stdout', async () => {
    const result = await runInProcess(['fault', 'ratings', '--delay', '7 seconds', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('--delay takes an Istio duration') as string, details: { argument: '7 seconds' } } });
  });

  it('every command has help that names its syntax', async () => {
    for (const [command, says] of [['route', '--match COND'], ['fault', '--delay DURATION'], ['timeout', 'DURATION'], ['retry', '--attempts N'], ['breaker', '--max-connections N'], ['policies', '--clear WHAT'], ['mtls', 'strict|permissive|disable'], ['authz', 'allow|deny-all|allow-nothing']] as const) {
      const result = await runInProcess([command, '--help']);
      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toContain(says);
    }
  });
});
