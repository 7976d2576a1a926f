// Policies in the cluster: what is in force for a service, previews and applies of one change.
// Routing policies go through core/traffic's RoutingService — the one writer of a service's
// DestinationRule and VirtualService, with its resourceVersion preconditions and ownership rules —
// so a fault and a slider move compose instead of overwriting each other. Security objects are one
// object per change: written with the resourceVersion the face saw, foreign ones only on take over.

import { AppError, type PolicyApplyInfo, type PolicyChangeInfo, type PolicyDiffInfo, type PolicyPreviewInfo, type RoutingBasisInfo, type SecurityChangeInfo, type SecurityInForceInfo, type ServicePolicyInfo } from '../contract';
import { applyObject, AUTHORIZATION_POLICY, changedMeanwhile, deleteObject, DEPLOYMENT, DESTINATION_RULE, getObject, listObjects, NAMESPACE, PEER_AUTHENTICATION, replaceObject, type KubeClients, type KubeObject } from '../kube';
import { routingYaml, sameJson, specYaml } from '../traffic/routing-yaml';
import type { RoutingService } from '../traffic/routing-service';
import { ownerOf } from './policy-objects';
import { changeOf, describePolicy } from './policy-request';
import { authorizationPolicy, authzPolicyName, MESH_NAMESPACE, parseMethods, parsePaths, parseSources, peerAuthentication, type AuthzAction } from './security-objects';

export interface PolicyServiceOptions {
  clients: () => Promise<KubeClients>;
  routing: RoutingService;
  defaultNamespace: string;
}

interface PolicyRequest {
  service: string;
  namespace?: string;
  change: PolicyChangeInfo;
  takeOver?: boolean;
  basedOn?: RoutingBasisInfo;
}

interface SecurityRequest {
  namespace?: string;
  change: SecurityChangeInfo;
  takeOver?: boolean;
  basedOn?: string | null;
}

function managersOf(object: KubeObject): string[] {
  return [...new Set((object.metadata?.managedFields ?? []).map((f) => f.manager ?? '').filter((m) => m !== ''))];
}

/** The security object one change asks for (`live`: the object of that name now, for ALLOW rules to add to). */
export function securityObject(change: SecurityChangeInfo, namespace: string, live?: KubeObject): KubeObject {
  if (change.kind === 'mtls') {
    if (!change.mode) throw new AppError('INVALID_ARGUMENT', 'Say the mTLS mode: strict, permissive or disable.');
    return peerAuthentication(namespace, change.mode, change.mesh === true);
  }
  if (!change.action) throw new AppError('INVALID_ARGUMENT', 'Say the authorization: allow, deny-all or allow-nothing.');
  const action: AuthzAction = change.action;
  if (action !== 'allow' && (change.from ?? change.methods ?? change.paths) !== undefined) throw new AppError('INVALID_ARGUMENT', `--from, --methods and --paths go with allow; ${action} takes none (e.g. meshdeck authz default ${action}).`);
  const rule = {
    ...(change.from !== undefined ? parseSources(change.from) : {}),
    ...(change.methods !== undefined ? { methods: parseMethods(change.methods) } : {}),
    ...(change.paths !== undefined ? { paths: parsePaths(change.paths) } : {}),
  };
  return authorizationPolicy({ namespace, ...(change.workload ? { workload: change.workload } : {}) }, action, rule, live);
}

/** Where a security change lands, without building it: the object's kind, namespace and name. */
function securityTarget(change: SecurityChangeInfo, namespace: string): { resource: typeof PEER_AUTHENTICATION; namespace: string; name: string } {
  if (change.kind === 'mtls') return { resource: PEER_AUTHENTICATION, namespace: change.mesh ? MESH_NAMESPACE : namespace, name: 'default' };
  return { resource: AUTHORIZATION_POLICY, namespace, name: authzPolicyName({ namespace, ...(change.workload ? { workload: change.workload } : {}) }, change.action ?? 'allow') };
}

type Selector = { matchLabels?: Record<string, string> } | undefined;
const selectorOf = (object: KubeObject): Selector => (object['spec'] as { selector?: Selector } | undefined)?.selector;

/**
 * The security objects in force for a service's workloads (app=SERVICE, Bookinfo's convention):
 * the namespace's PeerAuthentication without a selector, else the mesh-wide one in istio-system
 * (Istio's precedence: workload, namespace, mesh; PERMISSIVE when none); every AuthorizationPolicy
 * of its namespace that selects it or everything, and those in the root namespace.
 */
export async function securityInForce(clients: KubeClients, service: string, namespace: string): Promise<SecurityInForceInfo | undefined> {
  const list = (resource: typeof PEER_AUTHENTICATION, ns: string) => listObjects<KubeObject>(clients, resource, ns);
  let found: KubeObject[][];
  try {
    found = await Promise.all([list(PEER_AUTHENTICATION, namespace), list(PEER_AUTHENTICATION, MESH_NAMESPACE), list(AUTHORIZATION_POLICY, namespace), ...(namespace === MESH_NAMESPACE ? [] : [list(AUTHORIZATION_POLICY, MESH_NAMESPACE)])]);
  } catch (error) {
    if (error instanceof AppError && error.details?.['httpStatus'] === 404) return undefined;
    throw error;
  }
  const [inNamespace = [], inMesh = [], ...policies] = found;
  const applies = (selector: Selector) => Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => k === 'app' && v === service);
  const forWorkload = inNamespace.find((pa) => selectorOf(pa) !== undefined && applies(selectorOf(pa)));
  const peer = forWorkload ?? inNamespace.find((pa) => selectorOf(pa) === undefined) ?? inMesh.find((pa) => selectorOf(pa) === undefined);
  const mode = (peer?.['spec'] as { mtls?: { mode?: string } } | undefined)?.mtls?.mode;
  const authorization = policies.flat().filter((ap) => applies(selectorOf(ap))).map((ap) => {
    const spec = (ap['spec'] ?? {}) as { action?: string; rules?: unknown[] };
    return { namespace: ap.metadata?.namespace ?? namespace, name: ap.metadata?.name ?? '', action: spec.action ?? 'ALLOW', rules: spec.rules?.length ?? 0, owner: ownerOf(ap) === 'meshdeck' ? ('meshdeck' as const) : ('foreign' as const) };
  });
  return { mtls: { mode: mode && mode !== 'UNSET' ? mode : 'PERMISSIVE', object: peer ? `${peer.metadata?.namespace ?? ''}/${peer.metadata?.name ?? ''}` : null }, authorization };
}

/**
 * Under STRICT a sidecar refuses plaintext, so a DestinationRule that turns its clients' TLS off
 * (tls DISABLE, or SIMPLE/MUTUAL to a mesh service) makes them fail with a connection reset:
 * those rules are named, with the command that sets ISTIO_MUTUAL (Istio's mTLS migration task).
 */
export async function strictWarnings(clients: KubeClients, change: SecurityChangeInfo, namespace: string): Promise<string[]> {
  if (change.kind !== 'mtls' || change.mode !== 'STRICT' || change.clear) return [];
  const rules = await listObjects<KubeObject>(clients, DESTINATION_RULE, change.mesh ? undefined : namespace).catch(() => []);
  return rules.flatMap((dr) => {
    const spec = (dr['spec'] ?? {}) as { trafficPolicy?: { tls?: { mode?: string } }; subsets?: { name?: string; trafficPolicy?: { tls?: { mode?: string } } }[] };
    const modes = [spec.trafficPolicy?.tls?.mode, ...(spec.subsets ?? []).map((s) => s.trafficPolicy?.tls?.mode)].filter((m): m is string => m !== undefined && m !== 'ISTIO_MUTUAL');
    if (modes.length === 0) return [];
    const name = dr.metadata?.name ?? '';
    return [`DestinationRule ${dr.metadata?.namespace ?? namespace}/${name} sets TLS mode ${[...new Set(modes)].join(', ')}: its clients will not use Istio's mTLS, and STRICT resets their connections. Set ISTIO_MUTUAL with \`meshdeck tls ${name} istio-mutual\`${dr.metadata?.namespace && dr.metadata.namespace !== namespace ? ` -n ${dr.metadata.namespace}` : ''}.`];
  });
}

/** An authorization for a workload no Deployment of the namespace is (app label): said, with the namespace it may have meant. */
async function workloadWarnings(clients: KubeClients, change: SecurityChangeInfo, namespace: string): Promise<string[]> {
  if (change.kind !== 'authz' || !change.workload || change.clear) return [];
  const workload = change.workload;
  const deployments = await listObjects<KubeObject>(clients, DEPLOYMENT, namespace, { labelSelector: `app=${workload}` }).catch(() => undefined);
  if (!deployments || deployments.length > 0) return [];
  const isNamespace = (await getObject(clients, NAMESPACE, undefined, workload).catch(() => undefined)) !== undefined;
  const hint = isNamespace ? ` For the whole namespace ${workload}, type \`meshdeck authz ${workload} ${change.action ?? 'allow'} -n ${workload}\`.` : '';
  return [`No workload in namespace ${namespace} has the label app=${workload} yet: the policy applies to its pods once they exist.${hint}`];
}

/** What a security change will run into. */
async function securityWarnings(clients: KubeClients, change: SecurityChangeInfo, namespace: string): Promise<string[]> {
  return [...(await strictWarnings(clients, change, namespace)), ...(await workloadWarnings(clients, change, namespace))];
}

export class PolicyService {
  constructor(private readonly options: PolicyServiceOptions) {}

  private namespaceOf(namespace: string | undefined): string {
    return namespace ?? this.options.defaultNamespace;
  }

  /** Everything in force for the service and who wrote it. */
  async show(request: { service: string; namespace?: string }): Promise<ServicePolicyInfo> {
    const namespace = this.namespaceOf(request.namespace);
    const clients = await this.options.clients();
    const live = await this.options.routing.live(clients, request.service, namespace);
    const { policy } = await this.options.routing.policyOf(clients, request.service, namespace, live);
    const present = (['VirtualService', 'DestinationRule'] as const).filter((kind) => live[kind] !== undefined);
    const objects = present.map((kind) => {
      const object = live[kind] as KubeObject;
      return { kind, name: request.service, owner: ownerOf(object) === 'meshdeck' ? ('meshdeck' as const) : ('foreign' as const), resourceVersion: object.metadata?.resourceVersion ?? '', managers: managersOf(object) };
    });
    const owner = objects.length === 0 ? 'none' : objects.some((o) => o.owner === 'foreign') ? 'foreign' : 'meshdeck';
    const basedOn = { VirtualService: live.VirtualService?.metadata?.resourceVersion ?? null, DestinationRule: live.DestinationRule?.metadata?.resourceVersion ?? null };
    const security = await securityInForce(clients, request.service, namespace);
    return { service: request.service, namespace, owner, objects, basedOn, ...describePolicy(policy), ...(security ? { security } : {}) };
  }

  async preview(request: PolicyRequest): Promise<PolicyPreviewInfo> {
    const namespace = this.namespaceOf(request.namespace);
    const preview = await this.options.routing.previewChange(request.service, namespace, changeOf(request.change), request.takeOver);
    return { yaml: preview.yaml, owner: preview.owner, diff: preview.diff.map((d) => ({ ...d, namespace })) };
  }

  async apply(request: PolicyRequest): Promise<PolicyApplyInfo> {
    const change = changeOf(request.change);
    const options = { ...(request.takeOver ? { takeOver: true } : {}), ...(request.basedOn ? { basedOn: request.basedOn } : {}) };
    const { namespace, objects } = await this.options.routing.applyChange(request.service, request.namespace, change, options);
    return { service: request.service, namespace, objects: objects.map((o) => ({ ...o, namespace })), acceptedAt: new Date().toISOString() };
  }

  /** MeshDeck's last change to the service's routing, undone (see core/traffic/routing-undo.ts). */
  async undo(request: { service: string; namespace?: string; basedOn?: RoutingBasisInfo }): Promise<PolicyApplyInfo> {
    const { namespace, objects } = await this.options.routing.undo({ service: request.service, namespace: this.namespaceOf(request.namespace), ...(request.basedOn ? { basedOn: request.basedOn } : {}) });
    return { service: request.service, namespace, objects: objects.map((o) => ({ ...o, namespace })), acceptedAt: new Date().toISOString() };
  }

  private async securityLive(clients: KubeClients, change: SecurityChangeInfo, namespace: string): Promise<{ target: ReturnType<typeof securityTarget>; live: KubeObject | undefined }> {
    const target = securityTarget(change, namespace);
    return { target, live: await getObject<KubeObject>(clients, target.resource, target.namespace, target.name) };
  }

  async securityPreview(request: SecurityRequest): Promise<PolicyPreviewInfo> {
    const namespace = this.namespaceOf(request.namespace);
    if (request.change.clear) return this.clearPreview(request.change, namespace);
    securityObject(request.change, namespace); // the words are checked before the cluster is asked
    const clients = await this.options.clients();
    const { live } = await this.securityLive(clients, request.change, namespace);
    const wanted = securityObject(request.change, namespace, live);
    const diff: PolicyDiffInfo = {
      kind: wanted.kind ?? '',
      name: wanted.metadata?.name ?? '',
      namespace: wanted.metadata?.namespace ?? namespace,
      before: live ? specYaml(live['spec']) : null,
      after: specYaml(wanted['spec']),
      changed: !live || !sameJson(live['spec'], wanted['spec']),
    };
    const warnings = await securityWarnings(clients, request.change, namespace);
    return { yaml: routingYaml([wanted]), diff: [diff], owner: ownerOf(live), basedOn: live?.metadata?.resourceVersion ?? null, ...(warnings.length > 0 ? { warnings } : {}) };
  }

  /** What a clear removes: the object as it is now, and nothing after. */
  private async clearPreview(change: SecurityChangeInfo, namespace: string): Promise<PolicyPreviewInfo> {
    const clients = await this.options.clients();
    const { target, live } = await this.securityLive(clients, change, namespace);
    const diff: PolicyDiffInfo = { kind: target.resource.kind, name: target.name, namespace: target.namespace, before: live ? specYaml(live['spec']) : null, after: '', changed: live !== undefined };
    return { yaml: live ? `# deletes ${target.resource.kind} ${target.namespace}/${target.name}\n` : `# no ${target.resource.kind} ${target.namespace}/${target.name}: nothing to delete\n`, diff: [diff], owner: ownerOf(live), basedOn: live?.metadata?.resourceVersion ?? null };
  }

  /** Writes (or, with clear, deletes) the one security object; CONFLICT when it moved since `basedOn` or someone else wrote it (unless take over). */
  async securityApply(request: SecurityRequest): Promise<PolicyApplyInfo> {
    const namespace = this.namespaceOf(request.namespace);
    if (!request.change.clear) securityObject(request.change, namespace);
    const clients = await this.options.clients();
    const { target, live } = await this.securityLive(clients, request.change, namespace);
    const seen = live?.metadata?.resourceVersion ?? null;
    if (!request.takeOver && request.basedOn !== undefined && request.basedOn !== seen) throw changedMeanwhile(target.resource, target.namespace, target.name);
    if (!request.takeOver && live && ownerOf(live) === 'foreign') {
      throw new AppError('CONFLICT', `${target.resource.kind} ${target.namespace}/${target.name} already exists and MeshDeck did not write it (${managersOf(live).join(', ') || 'someone else'}). Nothing was changed. Use --take-over to ${request.change.clear ? 'delete' : 'replace'} it.`, { kind: target.resource.kind, name: target.name, namespace: target.namespace });
    }
    if (request.change.clear) {
      const deleted = live ? await deleteObject(clients, target.resource, target.namespace, target.name, seen ?? '') : false;
      return { namespace: target.namespace, objects: deleted ? [{ kind: target.resource.kind, name: target.name, namespace: target.namespace, action: 'deleted', resourceVersion: seen ?? '' }] : [], acceptedAt: new Date().toISOString() };
    }
    const wanted = securityObject(request.change, namespace, live);
    const written = live && ownerOf(live) === 'foreign' ? await replaceObject(clients, wanted, { resourceVersion: seen ?? '' }) : await applyObject(clients, wanted, seen ? { resourceVersion: seen } : {});
    if (!live && written.action !== 'created' && ownerOf(written.object) !== 'meshdeck') throw changedMeanwhile(target.resource, target.namespace, target.name);
    const object = { kind: target.resource.kind, name: target.name, namespace: target.namespace, action: written.action, resourceVersion: written.object.metadata?.resourceVersion ?? '' };
    const warnings = await securityWarnings(clients, request.change, namespace);
    return { namespace: target.namespace, objects: [object], acceptedAt: new Date().toISOString(), ...(warnings.length > 0 ? { warnings } : {}) };
  }
}
