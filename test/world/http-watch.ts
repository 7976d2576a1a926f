// Watches over HTTP: one JSON line per event in the encoding the client asked for, headers
// sent at once so a quiet watch still looks established, and a cap on what a watcher that
// stopped reading can make the world buffer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { encode, negotiate, queryNumber, type Route } from './http-codec.js';
import { apiVersionOf } from './resources.js';
import type { KubeObject } from './store.js';
import { toTable, type TableOptions } from './table.js';
import type { WatchEventType, WatchHub } from './watch-hub.js';

export interface WatchRequest {
req: IncomingMessage;
res: ServerResponse;
route: Route;
q: URLSearchParams;
hub: WatchHub;
now: () => number;
tableOptions: Omit<TableOptions, 'noHeaders'>;
}

/** Streams watch events as JSON lines (objects, Tables or metadata, as Accept asked) until either side closes. */
export function serveWatch({ req, res, route, q, hub, now, tableOptions }: WatchRequest): void {
const { output } = negotiate(req.headers.accept);
  let headersSent = false;
  let closed = false;
  const apiVersion = apiVersionOf(route.type.group, route.version);
  const write = (line: string): void => {
    if (closed) return;
    if (!headersSent) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
      headersSent = true;
    }
    res.write(line);
    // A watcher that stops reading must not make the world buffer without bound.
    if (res.writableLength > 64 * 1024 * 1024) finish();
  };
  let noHeaders = false;
  const sink = {
    send: (kind: WatchEventType, object: unknown): void => {
      if (kind === 'ERROR' || kind === 'BOOKMARK') {
        write(`{"type":"${kind}","object":${JSON.stringify(object)}}\n`);
        return;
      }
      const obj = object as KubeObject;
      if (output === 'table') {
        const table = toTable(route.type, route.version, [obj], { ...tableOptions, noHeaders, now: now() });
        table.metadata.resourceVersion = obj.metadata.resourceVersion ?? '';
        noHeaders = true;
        write(`{"type":"${kind}","object":${JSON.stringify(table)}}\n`);
        return;
      }
      if (output === 'metadata') {
        write(`{"type":"${kind}","object":${JSON.stringify({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata })}}\n`);
        return;
      }
      const json = obj.apiVersion === apiVersion ? encode(obj) : JSON.stringify({ ...obj, apiVersion });
      write(`{"type":"${kind}","object":${json}}\n`);
    },
    close: (): void => finish(),
  };
  let stop: () => void = () => undefined;
  const finish = (): void => {
    if (closed) return;
    stop();
    if (!headersSent) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      headersSent = true;
    }
    closed = true;
    res.end();
  };
  stop = hub.watch(
    {
      type: route.type,
      ...(route.namespace ? { namespace: route.namespace } : {}),
      labelSelector: q.get('labelSelector') ?? undefined,
      fieldSelector: q.get('fieldSelector') ?? undefined,
      resourceVersion: q.get('resourceVersion') ?? undefined,
      allowBookmarks: q.get('allowWatchBookmarks') === 'true',
      sendInitialEvents: q.get('sendInitialEvents') === 'true',
      timeoutSeconds: queryNumber(q, 'timeoutSeconds'),
    },
    sink,
  );
  if (closed) stop();
  // Headers go out at once so clients see the watch established even when nothing changes.
  if (!headersSent && !closed) {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    headersSent = true;
  }
  req.on('close', finish);
  res.on('close', finish);
}
