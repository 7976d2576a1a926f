// The release mirror's HTTP server on 127.0.0.1: GET/HEAD of catalog paths with ETag,
// Accept-Ranges and single byte ranges (206/416, If-Range honoured) so downloads can resume;
// the knobs inject corruption, cuts, 404s and a slow link. Every request is recorded for tests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseRange } from './byte-range.js';
import { MirrorKnobs } from './mirror-knobs.js';
import { sha256Hex, type ReleaseCatalog } from './release-catalog.js';

export interface MirrorRequest {
  method: string;
  path: string;
  range: string | undefined;
  status: number;
}

function corruptCopy(body: Buffer): Buffer {
  const copy = Buffer.from(body);
  const at = Math.floor(copy.length / 2);
  copy[at] = (copy[at] ?? 0) ^ 0xff;
  return copy;
}

export class MirrorServer {
  readonly knobs = new MirrorKnobs();
  readonly requests: MirrorRequest[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  constructor(private readonly catalog: ReleaseCatalog) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => {
      this.serve(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(error instanceof Error ? error.message : String(error));
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://mirror').pathname);
    const fileName = path.split('/').pop() ?? '';
    const record = (status: number): void => {
      this.requests.push({ method: req.method ?? '', path, range: req.headers.range, status });
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      record(405);
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (!this.catalog.has(path) || this.knobs.isMissing(fileName)) {
      record(404);
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not Found');
      return;
    }
    const original = await this.catalog.body(path);
    const etag = `"${sha256Hex(original).slice(0, 32)}"`;
    const body = this.knobs.isCorrupted(fileName) ? corruptCopy(original) : original;
    const ifRange = req.headers['if-range'];
    const range = ifRange && ifRange !== etag ? ({ kind: 'full' } as const) : parseRange(req.headers.range, body.length);
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      ETag: etag,
      'Last-Modified': new Date('2026-07-13T00:00:00Z').toUTCString(),
    };
    if (range.kind === 'unsatisfiable') {
      record(416);
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${body.length}` }).end();
      return;
    }
    const [start, end, status] = range.kind === 'partial' ? [range.start, range.end, 206] : [0, body.length - 1, 200];
    if (status === 206) headers['Content-Range'] = `bytes ${start}-${end}/${body.length}`;
    headers['Content-Length'] = end - start + 1;
    record(status);
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await this.send(res, body.subarray(start, end + 1), this.knobs.takeCut(fileName));
  }

  /** Writes the body in slices, honouring the link speed, and destroys the socket at a cut. */
  private async send(res: ServerResponse, body: Buffer, cutAfter: number | undefined): Promise<void> {
    const limit = cutAfter === undefined ? body.length : Math.min(cutAfter, body.length);
    const rate = this.knobs.bytesPerSecond;
    const tick = 50;
    const slice = rate ? Math.max(1, Math.floor((rate * tick) / 1000)) : 64 * 1024;
    for (let offset = 0; offset < limit; offset += slice) {
      if (res.destroyed) return;
      const chunk = body.subarray(offset, Math.min(offset + slice, limit));
      if (!res.write(chunk)) await drainedOrClosed(res);
      if (rate) await new Promise((resolve) => setTimeout(resolve, tick));
    }
    if (cutAfter !== undefined && cutAfter < body.length) {
      // Let the bytes written so far leave the socket before it is cut, as a dropped link would.
      await new Promise<void>((resolve) => (res.writableNeedDrain ? res.once('drain', resolve) : setImmediate(resolve)));
      res.socket?.destroy();
      return;
    }
    res.end();
  }
}

/** Waits for 'drain' or 'close', whichever comes first, leaving no listener behind (a big body waits many times). */
function drainedOrClosed(res: NodeJS.WritableStream): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done).once('close', done);
  });
}
