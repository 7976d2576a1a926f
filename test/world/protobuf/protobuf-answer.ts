// Writes an answer as `application/vnd.kubernetes.protobuf` when the object's kind has a
// message in the .proto files; kinds without one (custom resources, Scale, Table) are left to
// the JSON path, as a real API server answers them in JSON when the client also accepts it.
import type { ServerResponse } from 'node:http';
import { encodeProtobufObject, protobufMediaType } from './envelope.js';

/** True when the answer was written; false when this kind has no protobuf form. */
export function sendProtobuf(res: ServerResponse, code: number, obj: object): boolean {
  const body = encodeProtobufObject(obj);
  if (!body) return false;
  res.writeHead(code, { 'Content-Type': protobufMediaType, 'Content-Length': body.length, 'Cache-Control': 'no-cache, private' });
  res.end(body);
  return true;
}
