// The Gateway API CRDs file the mirror serves at the pinned release URL: upstream's
// experimental-install.yaml from the shared reference folder (byte for byte, so MeshDeck's pinned
// SHA-256 matches), or, without that folder, a small world-made file of the same CRD names. The
// app then refuses that one (CHECKSUM_MISMATCH): a pin is only as real as the bytes behind it.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { GATEWAY_API_VERSION } from '../../../core/tools/gateway-api.js';
import { besideRepo } from '../../support/istio-reference.js';

export function gatewayApiReferencePath(): string | undefined {
  const path = join(besideRepo, 'gateway-api', `experimental-install-${GATEWAY_API_VERSION}.yaml`);
  return existsSync(path) ? path : undefined;
}

const KINDS = ['GatewayClass', 'Gateway', 'HTTPRoute', 'GRPCRoute', 'ReferenceGrant', 'TCPRoute', 'TLSRoute', 'UDPRoute', 'BackendTLSPolicy'];

function fallbackCrds(): Buffer {
  const docs = KINDS.map((kind) => {
    const plural = kind.endsWith('y') ? `${kind.toLowerCase().slice(0, -1)}ies` : `${kind.toLowerCase()}${kind.endsWith('s') ? 'es' : 's'}`;
    return {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${plural}.gateway.networking.k8s.io`, annotations: { 'gateway.networking.k8s.io/bundle-version': GATEWAY_API_VERSION, 'gateway.networking.k8s.io/channel': 'experimental' } },
      spec: {
        group: 'gateway.networking.k8s.io',
        names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
        scope: kind === 'GatewayClass' ? 'Cluster' : 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
  });
  return Buffer.from(`# MeshDeck test world: stand-in Gateway API ${GATEWAY_API_VERSION} CRDs (no upstream reference here)\n${docs.map((doc) => stringify(doc)).join('---\n')}`);
}

export async function gatewayApiCrdsBody(): Promise<Buffer> {
  const path = gatewayApiReferencePath();
  return path ? readFile(path) : fallbackCrds();
}
