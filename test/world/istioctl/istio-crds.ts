// The Istio CRDs the stand-in installs: upstream `crd-all.gen.yaml` from the reference folder
// when it exists (the real schemas), else small equivalents of our own for the kinds MeshDeck
// and Bookinfo use, with open schemas (x-kubernetes-preserve-unknown-fields).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { findIstioReference } from '../../support/istio-reference.js';

type Crd = Record<string, unknown>;

const ownKinds: Array<{ group: string; kind: string; plural: string; shortNames?: string[]; versions: string[] }> = [
  { group: 'networking.istio.io', kind: 'Gateway', plural: 'gateways', shortNames: ['gw'], versions: ['v1', 'v1beta1', 'v1alpha3'] },
  { group: 'networking.istio.io', kind: 'VirtualService', plural: 'virtualservices', shortNames: ['vs'], versions: ['v1', 'v1beta1', 'v1alpha3'] },
  { group: 'networking.istio.io', kind: 'DestinationRule', plural: 'destinationrules', shortNames: ['dr'], versions: ['v1', 'v1beta1', 'v1alpha3'] },
  { group: 'networking.istio.io', kind: 'ServiceEntry', plural: 'serviceentries', shortNames: ['se'], versions: ['v1', 'v1beta1', 'v1alpha3'] },
  { group: 'networking.istio.io', kind: 'Sidecar', plural: 'sidecars', versions: ['v1', 'v1beta1', 'v1alpha3'] },
  { group: 'networking.istio.io', kind: 'EnvoyFilter', plural: 'envoyfilters', versions: ['v1alpha3'] },
  { group: 'security.istio.io', kind: 'PeerAuthentication', plural: 'peerauthentications', shortNames: ['pa'], versions: ['v1', 'v1beta1'] },
  { group: 'security.istio.io', kind: 'AuthorizationPolicy', plural: 'authorizationpolicies', shortNames: ['ap'], versions: ['v1', 'v1beta1'] },
  { group: 'security.istio.io', kind: 'RequestAuthentication', plural: 'requestauthentications', shortNames: ['ra'], versions: ['v1', 'v1beta1'] },
  { group: 'telemetry.istio.io', kind: 'Telemetry', plural: 'telemetries', shortNames: ['telemetry'], versions: ['v1', 'v1alpha1'] },
];

function ownCrd(spec: (typeof ownKinds)[number]): Crd {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${spec.plural}.${spec.group}`, labels: { app: 'istio-pilot', 'istio.io/rev': 'default' } },
    spec: {
      group: spec.group,
      names: { kind: spec.kind, listKind: `${spec.kind}List`, plural: spec.plural, singular: spec.kind.toLowerCase(), categories: ['istio-io'], ...(spec.shortNames ? { shortNames: spec.shortNames } : {}) },
      scope: 'Namespaced',
      versions: spec.versions.map((name, index) => ({
        name,
        served: true,
        storage: index === 0,
        subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      })),
    },
  };
}

export function upstreamCrdFile(referenceDir: string | undefined = findIstioReference()): string | undefined {
  const file = referenceDir ? join(referenceDir, 'manifests', 'charts', 'base', 'files', 'crd-all.gen.yaml') : undefined;
  return file && existsSync(file) ? file : undefined;
}

export function istioCrds(referenceDir?: string): Crd[] {
  const file = upstreamCrdFile(referenceDir ?? findIstioReference());
  if (!file) return ownKinds.map(ownCrd);
  // Parsing the 870 kB upstream file takes over a second; every command would pay it, so the
  // parsed result is kept as JSON in the temp dir, keyed by the file's path, size and mtime.
  const stat = statSync(file);
  const key = createHash('sha256').update(`${file}:${stat.size}:${stat.mtimeMs}`).digest('hex').slice(0, 16);
  const cache = join(tmpdir(), `meshdeck-istio-crds-${key}.json`);
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as Crd[];
  const crds = parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as Crd | null)
    .filter((doc): doc is Crd => !!doc && doc.kind === 'CustomResourceDefinition');
  writeFileSync(`${cache}.${process.pid}`, JSON.stringify(crds));
  renameSync(`${cache}.${process.pid}`, cache);
  return crds;
}

export function ownCrdYaml(): string {
  return ownKinds.map((spec) => stringify(ownCrd(spec))).join('---\n');
}
