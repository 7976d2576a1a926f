// The Kubernetes protobuf wire format (`application/vnd.kubernetes.protobuf`): the 4 bytes
// `k8s\0`, then a runtime.Unknown whose typeMeta names the object's apiVersion/kind and whose raw
// holds the object's own message. Errors read as the API server's protobuf serializer words them
// (apimachinery/pkg/runtime/serializer/protobuf), answered as 400 BadRequest.
import type protobuf from 'protobufjs';
import { missingKubernetesReferenceAdvice } from '../../support/kubernetes-reference';
import { ApiError, badRequest, unsupportedMediaType } from '../status.js';
import type { KubeObject } from '../store.js';
import { jsonToProtobuf, protobufToJson } from './convert.js';
import { kubernetesProtos, messageTypeOf, unknownType } from './proto-root.js';

export const protobufMediaType = 'application/vnd.kubernetes.protobuf';
const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface UnknownEnvelope {
  typeMeta?: { apiVersion?: string; kind?: string };
  raw?: Uint8Array;
  contentEncoding?: string;
  contentType?: string;
}

/** Whether this machine has the .proto files, so protobuf bodies can be read and written. */
export function protobufAvailable(): boolean {
  return kubernetesProtos() !== undefined;
}

/** A protobuf request body as the JSON object the store keeps (apiVersion and kind included). */
export function decodeProtobufObject(body: Buffer, contentType: string): KubeObject {
  const root = kubernetesProtos();
  if (!root) {
    const refused = unsupportedMediaType(contentType, ['application/json', 'application/yaml']);
    throw new ApiError(refused.code, refused.reason, `${refused.message}; ${missingKubernetesReferenceAdvice()}`);
  }
  if (body.length === 0) throw badRequest('empty data');
  if (body.length < magic.length || !body.subarray(0, magic.length).equals(magic)) {
    throw badRequest(`provided data does not appear to be a protobuf message, expected prefix [${[...magic].join(' ')}]`);
  }
  if (body.length === magic.length) throw badRequest('empty body');
  let envelope: UnknownEnvelope;
  try {
    envelope = root.lookupType(unknownType).decode(body.subarray(magic.length)) as UnknownEnvelope;
  } catch (error) {
    throw badRequest(`the protobuf envelope (runtime.Unknown) could not be decoded: ${(error as Error).message}`);
  }
  const apiVersion = envelope.typeMeta?.apiVersion ?? '';
  const kind = envelope.typeMeta?.kind ?? '';
  const type = messageTypeOf(root, apiVersion, kind);
  if (!type) throw badRequest(`the object provided is unrecognized: no kind "${kind}" is registered for version "${apiVersion}"`);
  let message: protobuf.Message;
  try {
    message = type.decode(envelope.raw ?? new Uint8Array());
  } catch (error) {
    throw badRequest(`the ${kind} in the protobuf body could not be decoded: ${(error as Error).message}`);
  }
  const json = protobufToJson(type, message);
  return { apiVersion, kind, ...json, metadata: (json['metadata'] as KubeObject['metadata'] | undefined) ?? {} } as KubeObject;
}

/** An object (its apiVersion and kind say which message) in the envelope; undefined when no .proto has its kind. */
export function encodeProtobufObject(obj: object): Buffer | undefined {
  const root = kubernetesProtos();
  const { apiVersion, kind } = obj as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const type = root && messageTypeOf(root, apiVersion, kind);
  if (!root || !type) return undefined;
  const raw = type.encode(jsonToProtobuf(type, obj as Record<string, unknown>)).finish();
  const unknown = root.lookupType(unknownType);
  const envelope = unknown.encode(unknown.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' })).finish();
  return Buffer.concat([magic, envelope]);
}
