// Policies in the cluster: what is in force for a service, previews and applies of one change.
// Routing policies go through core/traffic's RoutingService — the one writer of a service's
// DestinationRule and VirtualService, with its resourceVersion preconditions and ownership rules —
// so a fault and a slider move compose instead of overwriting each other. Security objects are one
// object per change: written with the resourceVersion the face saw, foreign ones only on take over.

import { AppError, type PolicyApplyInfo, type PolicyChangeInfo, type PolicyDiffInfo, type PolicyPreviewInfo, type RoutingBasisInfo, type SecurityChangeInfo, type ServicePolicyInfo } from '../contract';
import { applyObject, AUTHORIZATION_POLICY, changedMeanwhile, getObject, PEER_AUTHENTICATION, replaceObject, type KubeClients, type KubeObject } from '../kube';
import { routingYaml, sameJson, specYaml } from '../traffic/routing-yaml';
import type { RoutingService } from '../traffic/routing-service';
import { ownerOf } from './policy-objects';
import { changeOf, describePolicy } from './policy-request';
import { authorizationPolicy, parseMethods, parsePaths, parseSources, peerAuthentication, type AuthzAction } from './security-objects';

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
  if (change.kind === 'mtls') return { resource: PEER_AUTHENTICATION, namespace: change.mesh ? 'istio-system' : namespace, name: 'default' };
  const action = change.action ?? 'allow';
  return { resource: AUTHORIZATION_POLICY, namespace, name: change.workload ? `${change.workload}-${action}` : action };
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
    return { service: request.service, namespace, owner, objects, basedOn, ...describePolicy(policy) };
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

  private async securityLive(clients: KubeClients, change: SecurityChangeInfo, namespace: string): Promise<{ target: ReturnType<typeof securityTarget>; live: KubeObject | undefined }> {
    const target = securityTarget(change, namespace);
    return { target, live: await getObject<KubeObject>(clients, target.resource, target.namespace, target.name) };
  }

  async securityPreview(request: SecurityRequest): Promise<PolicyPreviewInfo> {
    const namespace = this.namespaceOf(request.namespace);
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
    return { yaml: routingYaml([wanted]), diff: [diff], owner: ownerOf(live) };
  }

  /** Writes the one security object; CONFLICT when it moved since `basedOn` or someone else wrote it (unless take over). */
  async securityApply(request: SecurityRequest): Promise<PolicyApplyInfo> {
    const namespace = this.namespaceOf(request.namespace);
    securityObject(request.change, namespace);
    const clients = await this.options.clients();
    const { target, live } = await this.securityLive(clients, request.change, namespace);
    const seen = live?.metadata?.resourceVersion ?? null;
    if (!request.takeOver && request.basedOn !== undefined && request.basedOn !== seen) throw changedMeanwhile(target.resource, target.namespace, target.name);
    if (!request.takeOver && live && ownerOf(live) === 'foreign') {
      throw new AppError('CONFLICT', `${target.resource.kind} ${target.namespace}/${target.name} already exists and MeshDeck did not write it (${managersOf(live).join(', ') || 'someone else'}). Nothing was changed. Use --take-over to replace it.`, { kind: target.resource.kind, name: target.name, namespace: target.namespace });
    }
    const wanted = securityObject(request.change, namespace, live);
    const written = live && ownerOf(live) === 'foreign' ? await replaceObject(clients, wanted, { resourceVersion: seen ?? '' }) : await applyObject(clients, wanted, seen ? { resourceVersion: seen } : {});
    if (!live && written.action !== 'created' && ownerOf(written.object) !== 'meshdeck') throw changedMeanwhile(target.resource, target.namespace, target.name);
    const object = { kind: target.resource.kind, name: target.name, namespace: target.namespace, action: written.action, resourceVersion: written.object.metadata?.resourceVersion ?? '' };
    return { namespace: target.namespace, objects: [object], acceptedAt: new Date().toISOString() };
  }
}
