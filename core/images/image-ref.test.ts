// Image references read as Docker reads them (examples from distribution/reference's tests and
// the images the lab runs), the mirror names of interfaces.md, and properties over generated refs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../contract';
import { isDockerHub, mirrorComponent, mirrorRef, normalizeImageRef, parseImageRef, parseMirror, repositoryOf, sameImage, taggableRef } from './image-ref';

const NODE = 'kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5';

describe('parseImageRef', () => {
  it.each([
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:1.37', 'docker.io/library/busybox:1.37'],
    ['curlimages/curl:8.16.0', 'docker.io/curlimages/curl:8.16.0'],
    ['docker.io/prom/prometheus:v3.10.0', 'docker.io/prom/prometheus:v3.10.0'],
    ['index.docker.io/grafana/grafana:12.0.1', 'docker.io/grafana/grafana:12.0.1'],
    ['docker.io/busybox', 'docker.io/library/busybox:latest'],
    ['registry.istio.io/release/pilot:1.30.5', 'registry.istio.io/release/pilot:1.30.5'],
    ['quay.io/kiali/kiali:v2.26', 'quay.io/kiali/kiali:v2.26'],
    ['localhost/app', 'localhost/app:latest'],
    ['127.0.0.1:5000/docker.io/library/busybox:latest', '127.0.0.1:5000/docker.io/library/busybox:latest'],
    ['localhost:5000/x', 'localhost:5000/x:latest'],
    [NODE, `docker.io/${NODE}`],
    ['busybox@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5', 'docker.io/library/busybox@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5'],
  ])('%s -> %s', (text, full) => {
    expect(normalizeImageRef(text)).toBe(full);
  });

  it('keeps a port apart from a tag', () => {
    expect(parseImageRef('127.0.0.1:5000/busybox')).toEqual({ domain: '127.0.0.1:5000', path: 'busybox' });
    expect(parseImageRef('127.0.0.1:5000/busybox:1')).toEqual({ domain: '127.0.0.1:5000', path: 'busybox', tag: '1' });
  });

  it.each([
    ['', 'it is empty'],
    ['Busybox', 'lower-case'],
    ['busybox:', 'tag'],
    ['busybox@sha256:abc', 'digest'],
    ['a//b', 'name component'],
    ['busybox:-x', 'tag'],
  ])('refuses %j, saying why (%s)', (text, why) => {
    const error = (() => {
      try {
        parseImageRef(text);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_ARGUMENT');
    expect((error as AppError).message).toContain(why);
    expect((error as AppError).message).toContain('registry.istio.io/release/pilot:1.30.5');
  });
});

describe('mirrorRef', () => {
  it.each([
    ['registry.istio.io/release/pilot:1.30.5', '127.0.0.1:5000', '127.0.0.1:5000/registry.istio.io/release/pilot:1.30.5'],
    ['docker.io/prom/prometheus:v3.10.0', '127.0.0.1:5000', '127.0.0.1:5000/docker.io/prom/prometheus:v3.10.0'],
    ['curlimages/curl:8.16.0', '127.0.0.1:5000', '127.0.0.1:5000/docker.io/curlimages/curl:8.16.0'],
    ['busybox', '127.0.0.1:5000', '127.0.0.1:5000/docker.io/library/busybox:latest'],
    ['quay.io/kiali/kiali:v2.26', 'mirror.example.com/cache/', 'mirror.example.com/cache/quay.io/kiali/kiali:v2.26'],
    [NODE, '127.0.0.1:5000', `127.0.0.1:5000/docker.io/${NODE}`],
    ['localhost:5001/team/app:1', '127.0.0.1:5000', '127.0.0.1:5000/localhost_5001/team/app:1'],
  ])('%s through %s', (ref, mirror, expected) => {
    expect(mirrorRef(ref, mirror)).toBe(expected);
  });

  it('refuses a mirror written as a URL', () => {
    expect(() => parseMirror('http://127.0.0.1:5000')).toThrow(/HOST\[:PORT\]\[\/PREFIX\]/);
    expect(() => parseMirror('127.0.0.1:5000/Upper')).toThrow(AppError);
    expect(parseMirror('127.0.0.1:5000/')).toBe('127.0.0.1:5000');
  });
});

describe('helpers', () => {
  it('tells Docker Hub images apart', () => {
    expect(isDockerHub('curlimages/curl:8.16.0')).toBe(true);
    expect(isDockerHub('docker.io/grafana/grafana:12.0.1')).toBe(true);
    expect(isDockerHub('ghcr.io/prometheus-operator/prometheus-config-reloader:v0.89.0')).toBe(false);
    expect(isDockerHub('registry.istio.io/release/proxyv2:1.30.5')).toBe(false);
  });

  it('names repositories, taggable forms and equal images', () => {
    expect(repositoryOf(NODE)).toBe('docker.io/kindest/node');
    expect(taggableRef(NODE)).toBe('docker.io/kindest/node:v1.36.1');
    expect(taggableRef('busybox')).toBe('docker.io/library/busybox:latest');
    expect(sameImage('busybox', 'docker.io/library/busybox:latest')).toBe(true);
    expect(sameImage('busybox:1', 'busybox:2')).toBe(false);
    expect(sameImage(NODE, `127.0.0.1:5000/docker.io/${NODE}`)).toBe(true);
  });
});

// Refs generated from the grammar: registry (or none), 1-3 path components, tag and/or digest.
const component = fc.stringMatching(/^[a-z0-9]{1,6}(?:[._-][a-z0-9]{1,4})?$/);
const registry = fc.oneof(fc.constant(''), fc.constantFrom('docker.io/', 'registry.istio.io/', 'quay.io/', 'localhost:5000/', '127.0.0.1:5001/', 'ghcr.io/'));
const tag = fc.oneof(fc.constant(''), fc.stringMatching(/^:[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/));
const digest = fc.oneof(fc.constant(''), fc.stringMatching(/^@sha256:[0-9a-f]{64}$/));
const refText = fc.tuple(registry, fc.array(component, { minLength: 1, maxLength: 3 }), tag, digest).map(([r, path, t, d]) => `${r}${path.join('/')}${t}${d}`);

describe('properties', () => {
  it('normalising is idempotent and keeps tag and digest', () => {
    fc.assert(
      fc.property(refText, (text) => {
        const full = normalizeImageRef(text);
        expect(normalizeImageRef(full)).toBe(full);
        const parsed = parseImageRef(text);
        expect(parseImageRef(full)).toEqual({ ...parsed, ...(parsed.tag === undefined && parsed.digest === undefined ? { tag: 'latest' } : {}) });
        expect(sameImage(text, full)).toBe(true);
      }),
    );
  });

  it('a mirror ref parses back to the mirror host and ends with the source registry and path', () => {
    fc.assert(
      fc.property(refText, fc.constantFrom('127.0.0.1:5000', 'mirror.local/cache', 'localhost:5001/a/b'), (text, mirror) => {
        const source = parseImageRef(text);
        const through = parseImageRef(mirrorRef(text, mirror));
        expect(through.domain).toBe(mirror.split('/')[0]);
        expect(through.path.endsWith(`${mirrorComponent(source.domain)}/${source.path}`)).toBe(true);
        expect(through.tag).toBe(source.tag ?? (source.digest === undefined ? 'latest' : undefined));
        expect(through.digest).toBe(source.digest);
      }),
    );
  });
});
