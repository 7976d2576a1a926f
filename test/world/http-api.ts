// HTTP routing for the API: turns /api and /apis URLs, query parameters, content types and
// Accept negotiation (JSON, Table, PartialObjectMetadata, aggregated discovery) into calls on
// ResourceApi, WatchHub and the log source, and writes the answers (Status on errors, chunked
// JSON lines for watches, streamed text for logs). Authentication happens before this module.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { aggregatedDiscovery, aggregatedDiscoveryType, apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.js';
import { isObject } from './json.js';
import { openApiGroupVersion, openApiRoot } from './openapi.js';
import type { LogOptions, LogService } from './logs.js';
import type { DeleteOptions, PatchType, ResourceApi, UserInfo } from './resource-api.js';
import { apiVersionOf } from './resources.js';
import { ApiError, badRequest, internalError, methodNotAllowed, pathNotFound } from './status.js';
import type { KubeObject } from './store.js';
import { toTable, type IncludeObject } from './table.js';
import type { WatchHub } from './watch-hub.js';
import { encode, fieldManagerOf, negotiate, parseObject, patchTypeOf, queryNumber, readBody, readBodyBytes, wantsProtobuf, type Route } from './http-codec.js';
import { fieldValidationOf, sendWarnings } from './http-warnings.js';
import { sendProtobuf } from './protobuf/protobuf-answer.js';
import { serveWatch } from './http-watch.js';
import { scaleOf, applyScale } from './scale.js';
import type { PodNetwork } from './pod-network.js';
import { serveProxy } from './service-proxy.js';

export interface HttpApiOptions {
  api: ResourceApi;
  hub: WatchHub;
  logs: LogService;
  kubernetesVersion: string;
  serverAddress: () => string;
  /** Extra latency before every answer (benchmarks of realistic clusters). */
  latencyMs: () => number;
  /** Where the services/pods proxy subresources forward to. */
  podNetwork?: PodNetwork;
}

export class HttpApi {
  /** Bumped when the set of resources changes, so OpenAPI document hashes change too. */
  private discoveryGeneration = 1;

  constructor(private readonly options: HttpApiOptions) {
    options.api.registry.onChange(() => this.discoveryGeneration++);
  }

  private get api(): ResourceApi {
    return this.options.api;
  }

  async handle(req: IncomingMessage, res: ServerResponse, user: UserInfo): Promise<void> {
    const latency = this.options.latencyMs();
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    try {
      await this.route(req, res, user);
    } catch (error) {
      const apiError = error instanceof ApiError ? error : internalError(error instanceof Error ? error.message : String(error));
      if (res.headersSent) res.destroy();
      else if (!(wantsProtobuf(req.headers.accept) && sendProtobuf(res, apiError.code, apiError.toStatus()))) this.sendJson(res, apiError.code, JSON.stringify(apiError.toStatus()));
    }
  }

  sendJson(res: ServerResponse, code: number, body: string, contentType = 'application/json'): void {
    res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-cache, private' });
    res.end(body);
  }

  private async route(req: IncomingMessage, res: ServerResponse, user: UserInfo): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://world.invalid');
    const segments = url.pathname.split('/').filter((s) => s.length > 0).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const accept = req.headers.accept;
    const registry = this.api.registry;

    if (segments[0] === 'version' && segments.length === 1) return this.sendJson(res, 200, JSON.stringify(versionInfo(this.options.kubernetesVersion)));
    if (segments[0] === 'openapi') return this.openApi(res, segments, registry);
    if (segments[0] !== 'api' && segments[0] !== 'apis') throw pathNotFound();
    const legacy = segments[0] === 'api';
    if (legacy && segments[1] === 'v1' && segments[2] === 'namespaces' && (segments[4] === 'services' || segments[4] === 'pods') && segments[6] === 'proxy' && this.options.podNetwork) {
      // The rest of the path stays encoded as sent; the prefix is what the proxy strips.
      const raw = url.pathname.split('/');
      const prefix = raw.slice(0, 8).join('/');
      const target = { kind: segments[4], namespace: segments[3] ?? '', id: segments[5] ?? '', rest: url.pathname.slice(prefix.length), prefix } as const;
      return serveProxy(req, res, target, this.options.api.store, this.options.podNetwork);
    }
    if (segments.length === 1) {
      if (method !== 'GET') throw methodNotAllowed();
      if (accept?.includes('as=APIGroupDiscoveryList') && accept.includes('v=v2;')) {
        return this.sendJson(res, 200, JSON.stringify(aggregatedDiscovery(registry, legacy)), aggregatedDiscoveryType);
      }
      return this.sendJson(res, 200, JSON.stringify(legacy ? apiVersions(this.options.serverAddress()) : apiGroupList(registry)));
    }
    const group = legacy ? '' : (segments[1] ?? '');
    if (!legacy && segments.length === 2) {
      const doc = apiGroup(registry, group);
      if (!doc) throw pathNotFound();
      return this.sendJson(res, 200, JSON.stringify(doc));
    }
    const version = legacy ? (segments[1] ?? '') : (segments[2] ?? '');
    let rest = segments.slice(legacy ? 2 : 3);
    if (rest.length === 0) {
      const doc = apiResourceList(registry, group, version);
      if (!doc) throw pathNotFound();
      return this.sendJson(res, 200, JSON.stringify(doc));
    }
    let watch = false;
    if (rest[0] === 'watch') {
      watch = true;
      rest = rest.slice(1);
    }
    const route = this.resolve(group, version, rest, watch);
    const q = url.searchParams;
    if (q.get('watch') === 'true' || q.get('watch') === '1') route.watch = true;

    switch (method) {
      case 'GET':
        return this.get(req, res, route, q, user);
      case 'POST':
        return this.post(req, res, route, q, user);
      case 'PUT':
        return this.put(req, res, route, q, user);
      case 'PATCH':
        return this.patch(req, res, route, q, user);
      case 'DELETE':
        return this.remove(req, res, route, q);
      default:
        throw methodNotAllowed();
    }
  }

  private openApi(res: ServerResponse, segments: string[], registry: ResourceApi['registry']): void {
    // Only v3 is served: kubectl prefers it and falls back to v2 only when v3 is missing.
    if (segments[1] !== 'v3') throw pathNotFound();
    const hash = String(this.discoveryGeneration);
    if (segments.length === 2) return this.sendJson(res, 200, JSON.stringify(openApiRoot(registry, hash)));
    const legacy = segments[2] === 'api';
    const group = legacy ? '' : (segments[3] ?? '');
    const version = legacy ? (segments[3] ?? '') : (segments[4] ?? '');
    const doc = openApiGroupVersion(registry, group, version);
    if (!doc) throw pathNotFound();
    this.sendJson(res, 200, JSON.stringify(doc));
  }

  private resolve(group: string, version: string, rest: string[], watch: boolean): Route {
    const registry = this.api.registry;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      const type = registry.lookup(group, version, rest[2] ?? '');
      if (type?.namespaced) {
        if (rest.length > 5) throw pathNotFound();
        return { group, version, type, namespace: rest[1], ...(rest[3] ? { name: rest[3] } : {}), ...(rest[4] ? { subresource: rest[4] } : {}), watch };
      }
    }
    const type = registry.lookup(group, version, rest[0] ?? '');
    if (!type || rest.length > 3) throw pathNotFound();
    if (type.namespaced && rest.length > 1) throw pathNotFound();
    const subresource = rest[2];
    if (subresource && !type.subresources.includes(subresource)) throw pathNotFound();
    return { group, version, type, ...(rest[1] ? { name: rest[1] } : {}), ...(subresource ? { subresource } : {}), watch };
  }

  private present(route: Route, obj: KubeObject): KubeObject {
    const apiVersion = apiVersionOf(route.type.group, route.version);
    return obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion };
  }

  private sendObject(res: ServerResponse, code: number, route: Route, obj: KubeObject, accept: string | undefined, q: URLSearchParams): void {
    if (wantsProtobuf(accept) && sendProtobuf(res, code, this.present(route, obj))) return;
    const { output } = negotiate(accept);
    if (output === 'table') {
      const table = toTable(route.type, route.version, [obj], this.tableOptions(route, q));
      table.metadata.resourceVersion = obj.metadata.resourceVersion ?? '';
      return this.sendJson(res, code, JSON.stringify(table));
    }
    if (output === 'metadata') return this.sendJson(res, code, JSON.stringify({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata }));
    this.sendJson(res, code, encode(this.present(route, obj)));
  }

  private tableOptions(route: Route, q: URLSearchParams): { includeObject: IncludeObject; now: number; present: (o: KubeObject) => KubeObject } {
    const include = q.get('includeObject');
    const includeObject: IncludeObject = include === 'None' || include === 'Object' ? include : 'Metadata';
    return { includeObject, now: this.api.now().getTime(), present: (o) => this.present(route, o) };
  }

  private async get(req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams, user: UserInfo): Promise<void> {
    const { type, namespace, name, subresource } = route;
    void user;
    if (name !== undefined && !route.watch) {
      const obj = this.api.get(type, namespace, name);
      if (subresource === 'log') return this.logs(req, res, obj, q);
      if (subresource === 'exec') throw badRequest('Upgrade request required');
      if (subresource === 'scale') return this.sendJson(res, 200, JSON.stringify(scaleOf(type, obj)));
      return this.sendObject(res, 200, route, obj, req.headers.accept, q);
    }
    if (subresource) throw methodNotAllowed();
    if (route.watch) return serveWatch({ req, res, route, q, hub: this.options.hub, now: () => this.api.now().getTime(), tableOptions: this.tableOptions(route, q) });
    const list = this.api.list(type, namespace, {
      labelSelector: q.get('labelSelector') ?? undefined,
      fieldSelector: q.get('fieldSelector') ?? undefined,
      limit: queryNumber(q, 'limit'),
      continue: q.get('continue') ?? undefined,
      resourceVersion: q.get('resourceVersion') ?? undefined,
      resourceVersionMatch: q.get('resourceVersionMatch') ?? undefined,
    });
    const { output } = negotiate(req.headers.accept);
    const metadata = {
      resourceVersion: list.resourceVersion,
      ...(list.continue ? { continue: list.continue } : {}),
      ...(list.remainingItemCount !== undefined ? { remainingItemCount: list.remainingItemCount } : {}),
    };
    if (output === 'table') {
      const table = toTable(type, route.version, list.items, this.tableOptions(route, q));
      table.metadata = metadata;
      return this.sendJson(res, 200, JSON.stringify(table));
    }
    if (output === 'metadata') {
      const items = list.items.map((o) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata }));
      return this.sendJson(res, 200, JSON.stringify({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata, items }));
    }
    const apiVersion = apiVersionOf(type.group, route.version);
    if (wantsProtobuf(req.headers.accept) && sendProtobuf(res, 200, { kind: `${type.kind}List`, apiVersion, metadata, items: list.items.map((o) => this.present(route, o)) })) return;
    const parts: string[] = [];
    for (const obj of list.items) parts.push(obj.apiVersion === apiVersion ? this.api.store.jsonOf(this.api.storageKey(type), obj) : JSON.stringify({ ...obj, apiVersion }));
    const head = JSON.stringify({ kind: `${type.kind}List`, apiVersion, metadata });
    this.sendJson(res, 200, `${head.slice(0, -1)},"items":[${parts.join(',')}]}`);
  }

  private logs(req: IncomingMessage, res: ServerResponse, pod: KubeObject, q: URLSearchParams): void {
    const options: LogOptions = {
      ...(q.get('container') ? { container: q.get('container') ?? '' } : {}),
      follow: q.get('follow') === 'true',
      previous: q.get('previous') === 'true',
      timestamps: q.get('timestamps') === 'true',
      ...(queryNumber(q, 'tailLines') !== undefined ? { tailLines: queryNumber(q, 'tailLines') } : {}),
      ...(queryNumber(q, 'sinceSeconds') !== undefined ? { sinceSeconds: queryNumber(q, 'sinceSeconds') } : {}),
      ...(q.get('sinceTime') ? { sinceTime: q.get('sinceTime') ?? '' } : {}),
      ...(queryNumber(q, 'limitBytes') !== undefined ? { limitBytes: queryNumber(q, 'limitBytes') } : {}),
    };
    const stream = this.options.logs.open(pod, options);
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    const stop = stream.pipe(res);
    req.on('close', stop);
    res.on('close', stop);
  }

  private async post(req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams, user: UserInfo): Promise<void> {
    if (route.subresource === 'exec' && route.name !== undefined) {
      this.api.get(route.type, route.namespace, route.name);
      throw badRequest('Upgrade request required');
    }
    if (route.name !== undefined || route.watch) throw methodNotAllowed();
    const body = parseObject(await readBodyBytes(req), req.headers['content-type'] ?? 'application/json');
    const warnings: string[] = [];
    const created = this.api.create(route.type, route.version, route.namespace, body, {
      fieldManager: fieldManagerOf(q, req),
      dryRun: q.get('dryRun') === 'All',
      user,
      ...fieldValidationOf(q, warnings),
    });
    sendWarnings(res, warnings);
    this.sendObject(res, 201, route, created, req.headers.accept, q);
  }

  private async put(req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams, user: UserInfo): Promise<void> {
    if (route.name === undefined) throw methodNotAllowed();
    const body = parseObject(await readBodyBytes(req), req.headers['content-type'] ?? 'application/json');
    const warnings: string[] = [];
    const options = { fieldManager: fieldManagerOf(q, req), dryRun: q.get('dryRun') === 'All', user, ...fieldValidationOf(q, warnings) };
    if (route.subresource === 'scale') {
      const target = this.api.get(route.type, route.namespace, route.name);
      const updated = applyScale(this.api, route.type, route.version, target, body, options);
      return this.sendJson(res, 200, JSON.stringify(scaleOf(route.type, updated)));
    }
    if (route.subresource === 'finalize') {
      const updated = this.api.update(route.type, route.version, route.namespace, route.name, body, { ...options, subresource: 'finalize' });
      return this.sendObject(res, 200, route, updated, req.headers.accept, q);
    }
    if (route.subresource && route.subresource !== 'status') throw methodNotAllowed();
    const updated = this.api.update(route.type, route.version, route.namespace, route.name, body, { ...options, ...(route.subresource ? { subresource: route.subresource } : {}) });
    sendWarnings(res, warnings);
    this.sendObject(res, 200, route, updated, req.headers.accept, q);
  }

  private async patch(req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams, user: UserInfo): Promise<void> {
    if (route.name === undefined) throw methodNotAllowed();
    const contentType = req.headers['content-type'] ?? '';
    const patchType = patchTypeOf(contentType);
    const body = await readBody(req);
    const warnings: string[] = [];
    const options = {
      ...fieldValidationOf(q, warnings),
      fieldManager: patchType === 'apply' ? (q.get('fieldManager') ?? undefined) : fieldManagerOf(q, req),
      force: q.get('force') === 'true',
      dryRun: q.get('dryRun') === 'All',
      user,
      ...(route.subresource === 'status' ? { subresource: 'status' } : {}),
    };
    if (route.subresource === 'scale') {
      const target = this.api.get(route.type, route.namespace, route.name);
      const scale = scaleOf(route.type, target);
      const patched = this.patchScale(scale, patchType, body);
      const updated = applyScale(this.api, route.type, route.version, target, patched, options);
      return this.sendJson(res, 200, JSON.stringify(scaleOf(route.type, updated)));
    }
    if (route.subresource && route.subresource !== 'status') throw methodNotAllowed();
    const existed = this.api.tryGet(route.type, route.namespace, route.name) !== undefined;
    const result = this.api.patch(route.type, route.version, route.namespace, route.name, patchType, body, options);
    sendWarnings(res, warnings);
    this.sendObject(res, existed ? 200 : 201, route, result, req.headers.accept, q);
  }

  private patchScale(scale: KubeObject, patchType: PatchType, body: string): KubeObject {
    const patch = (patchType === 'apply' ? parseYaml(body) : JSON.parse(body)) as unknown;
    if (patchType === 'json') {
      const ops = Array.isArray(patch) ? (patch as { op: string; path: string; value?: unknown }[]) : [];
      const replicas = ops.find((o) => o.path === '/spec/replicas');
      return { ...scale, spec: { replicas: Number(replicas?.value ?? (scale['spec'] as { replicas?: number }).replicas ?? 0) } };
    }
    const spec = isObject(patch) && isObject(patch['spec']) ? patch['spec'] : {};
    return { ...scale, spec: { ...(scale['spec'] as object), ...spec } };
  }

  private async remove(req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams): Promise<void> {
    const text = await readBody(req);
    let body: Record<string, unknown> = {};
    if (text.trim()) {
      try {
        const parsed = JSON.parse(text) as unknown;
        if (isObject(parsed)) body = parsed;
      } catch {
        throw badRequest('the DeleteOptions in the request body could not be decoded');
      }
    }
    const policy = (q.get('propagationPolicy') ?? body['propagationPolicy'] ?? (body['orphanDependents'] === true ? 'Orphan' : undefined)) as DeleteOptions['propagationPolicy'];
    const graceRaw = q.get('gracePeriodSeconds') ?? body['gracePeriodSeconds'];
    const dryRun = q.get('dryRun') === 'All' || (Array.isArray(body['dryRun']) && body['dryRun'].includes('All'));
    const options: DeleteOptions = {
      ...(policy ? { propagationPolicy: policy } : {}),
      ...(graceRaw !== undefined && graceRaw !== null ? { gracePeriodSeconds: Number(graceRaw) } : {}),
      ...(isObject(body['preconditions']) ? { preconditions: body['preconditions'] as DeleteOptions['preconditions'] } : {}),
      dryRun,
    };
    const { type } = route;
    if (route.name === undefined) {
      const deleted = this.api.deleteCollection(
        type,
        route.namespace,
        { labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined },
        options,
      );
      const apiVersion = apiVersionOf(type.group, route.version);
      return this.sendJson(res, 200, JSON.stringify({ kind: `${type.kind}List`, apiVersion, metadata: { resourceVersion: String(this.api.store.resourceVersion) }, items: deleted.map((o) => this.present(route, o)) }));
    }
    if (route.subresource) throw methodNotAllowed();
    const result = this.api.delete(type, route.namespace, route.name, options);
    if (result.removed && !(type.group === '' && type.resource === 'pods')) {
      const status = {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: route.name, ...(type.group ? { group: type.group } : {}), kind: type.resource, uid: result.object.metadata.uid },
      };
      return this.sendJson(res, 200, JSON.stringify(status));
    }
    this.sendObject(res, 200, route, result.object, req.headers.accept, q);
  }
}
