// Turns what the user asked for (LabOptionsInfo, CLI flags) into the full description of a lab:
// names, ports, node ports, paths of the app's own files. Pure and unit-tested; the defaults
// live here and nowhere else.

import { join } from 'node:path';
import { AppError, type LabOptionsInfo } from '../contract';
import { DEFAULT_CLUSTER_NAME, DEFAULT_NODE_IMAGE, kindContextName } from '../kind';
import { parseImageRef, parseMirror } from '../images/image-ref';
import { DEFAULT_ISTIO_VERSION, ISTIO_VERSIONS } from '../tools';

export const DEFAULT_HTTP_PORT = 8080;
export const DEFAULT_HTTPS_PORT = 8443;
/** Fixed node ports of the ingress gateway, mapped to the host ports by kind. */
export const HTTP_NODE_PORT = 30080;
export const HTTPS_NODE_PORT = 30443;
export const BOOKINFO_NAMESPACE = 'default';
export const ISTIO_SYSTEM = 'istio-system';
/** A step fails when nothing moved for this long (image pulls on slow links take minutes). */
export const DEFAULT_STALL_MS = 5 * 60_000;

export interface LabRequest extends LabOptionsInfo {
  /** A kind binary the user chose (`--kind`). */
  kindPath?: string;
  /** An istioctl the user chose (`--istioctl`). */
  istioctlPath?: string;
  /** lab.up's `offline` (`up --offline`): refuse every pull. */
  offline?: boolean;
}

export interface LabConfig {
  name: string;
  /** kind: MeshDeck makes the cluster; context: the user's own cluster (steps 4–9 only). */
  provider: 'kind' | 'context';
  context: string;
  /** The kubeconfig MeshDeck reads: its own for kind clusters, the user's for --context. */
  kubeconfigPath: string;
  istioVersion: string;
  httpPort: number;
  httpsPort: number;
  httpNodePort: number;
  httpsNodePort: number;
  domain: string;
  labDir: string;
  stallMs: number;
  kindPath?: string;
  istioctlPath?: string;
  /** Opt-in only (kind labs): the user's kubeconfig, into which `kind export kubeconfig` merges kind-<name>. */
  mergeInto?: string;
  /** Opt-in only (kind labs): host ports on every interface instead of 127.0.0.1. */
  lanSharing: boolean;
  /** The node image kind runs (MESHDECK_KIND_NODE_IMAGE, else kind's pinned default). */
  nodeImage: string;
  /** MESHDECK_IMAGE_MIRROR (HOST[:PORT][/PREFIX]): host pulls go through it; null pulls from each image's registry. */
  imageMirror: string | null;
  /** `up --offline`: nothing is pulled; what the host lacks is named instead. */
  offline: boolean;
}

export interface LabEnvironment {
  dataDir: string;
  /** The user's kubeconfig (KUBECONFIG's first file, else ~/.kube/config), for --context. */
  userKubeconfig: string;
  stallMs?: number;
  /** MESHDECK_KIND_NODE_IMAGE. */
  nodeImage?: string;
  /** MESHDECK_IMAGE_MIRROR. */
  imageMirror?: string;
}

/** The image settings of the process environment, checked: a bad value is refused with its variable's name. */
export function imageEnvironment(env: NodeJS.ProcessEnv): Pick<LabEnvironment, 'nodeImage' | 'imageMirror'> {
  const nodeImage = env.MESHDECK_KIND_NODE_IMAGE?.trim();
  const mirror = env.MESHDECK_IMAGE_MIRROR?.trim();
  if (nodeImage) {
    try {
      parseImageRef(nodeImage);
    } catch (error) {
      throw new AppError('INVALID_ARGUMENT', `MESHDECK_KIND_NODE_IMAGE: ${(error as Error).message}`, { variable: 'MESHDECK_KIND_NODE_IMAGE' });
    }
  }
  return { ...(nodeImage ? { nodeImage } : {}), ...(mirror ? { imageMirror: parseMirror(mirror) } : {}) };
}

/** The app's own kubeconfig for the clusters it makes; the user's ~/.kube/config is left alone. */
export function appKubeconfigPath(dataDir: string): string {
  return join(dataDir, 'kube', 'config');
}

/** Which lab a request means: its name (from --name, else from --context, else the default), how it is made, its context. */
export function labIdentity(request: Pick<LabOptionsInfo, 'name' | 'context'>): { name: string; provider: 'kind' | 'context'; context: string } {
  const name = request.name ?? (request.context ? request.context.replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'cluster' : DEFAULT_CLUSTER_NAME);
  return request.context ? { name, provider: 'context', context: request.context } : { name, provider: 'kind', context: kindContextName(name) };
}

export function resolveLabConfig(request: LabRequest, environment: LabEnvironment): LabConfig {
  const istioVersion = request.istioVersion ?? DEFAULT_ISTIO_VERSION;
  if (!(ISTIO_VERSIONS as readonly string[]).includes(istioVersion)) {
    throw new AppError('INVALID_ARGUMENT', `MeshDeck supports Istio ${ISTIO_VERSIONS.join(' and ')}, not ${istioVersion}. Pick one of those.`, { istioVersion });
  }
  const httpPort = request.httpPort ?? DEFAULT_HTTP_PORT;
  const httpsPort = request.httpsPort ?? DEFAULT_HTTPS_PORT;
  if (httpPort === httpsPort) throw new AppError('INVALID_ARGUMENT', `The HTTP and HTTPS ports must differ (both are ${httpPort}).`);
  const { name, provider, context } = labIdentity(request);
  return {
    name,
    provider,
    context,
    kubeconfigPath: provider === 'context' ? environment.userKubeconfig : appKubeconfigPath(environment.dataDir),
    istioVersion,
    httpPort,
    httpsPort,
    httpNodePort: HTTP_NODE_PORT,
    httpsNodePort: HTTPS_NODE_PORT,
    domain: 'localhost',
    labDir: join(environment.dataDir, 'labs', name),
    stallMs: environment.stallMs ?? DEFAULT_STALL_MS,
    ...(request.kindPath ? { kindPath: request.kindPath } : {}),
    ...(request.istioctlPath ? { istioctlPath: request.istioctlPath } : {}),
    // Only a cluster MeshDeck made is added; a --context cluster is already in the user's kubeconfig.
    ...(request.mergeKubeconfig === true && provider === 'kind' ? { mergeInto: environment.userKubeconfig } : {}),
    // Only a cluster MeshDeck makes has host ports to publish.
    lanSharing: request.lanSharing === true && provider === 'kind',
    nodeImage: environment.nodeImage ?? DEFAULT_NODE_IMAGE,
    imageMirror: environment.imageMirror ?? null,
    offline: request.offline === true,
  };
}

/** Where a user's kubeconfig is, as kubectl finds it: KUBECONFIG's first entry, else ~/.kube/config. */
export function userKubeconfigPath(env: NodeJS.ProcessEnv, home: string, delimiter: string): string {
  const first = env.KUBECONFIG?.split(delimiter).find(Boolean);
  return first ?? join(home, '.kube', 'config');
}
