// The protobuf converter against the upstream .proto files: JSON objects survive the trip through
// the wire format (the envelope, Time, MicroTime, IntOrString, Quantity, bytes, maps, FieldsV1,
// inlined structs), zero values drop as omitempty drops them, and broken envelopes read as the
// real API server's serializer says. Skips with one line when the .proto files are not here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findKubernetesReference, missingKubernetesReferenceAdvice } from '../../support/kubernetes-reference';
import { ApiError } from '../status.js';
import { decodeProtobufObject, encodeProtobufObject } from './envelope.js';
import { formatMicroTime, formatTime } from './special-types.js';

const here = findKubernetesReference() !== undefined;
if (!here && process.env['CI'] === 'true') throw new Error(missingKubernetesReferenceAdvice());
if (!here) console.warn(`skipping protobuf converter tests: ${missingKubernetesReferenceAdvice()}`);

const pb = 'application/vnd.kubernetes.protobuf';

function roundTrip(obj: object): unknown {
  const bytes = encodeProtobufObject(obj);
  if (!bytes) throw new Error('no protobuf form');
  return decodeProtobufObject(bytes, pb);
}

function refusal(body: Buffer): ApiError {
  try {
    decodeProtobufObject(body, pb);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

const seconds = fc.integer({ min: 1, max: 253402300799 });
const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);

describe.skipIf(!here)('Kubernetes protobuf bodies', () => {
  it('carries a Deployment with IntOrString, Quantity, inlined probe handler and volume source', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'bi', labels: { app: 'web' }, creationTimestamp: '2026-12-02T09:56:45Z', generation: 3 },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'nginx',
                ports: [{ containerPort: 8080, protocol: 'TCP' }],
                resources: { limits: { cpu: '500m', memory: '128Mi' } },
                readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
              },
            ],
            volumes: [{ name: 'cfg', configMap: { name: 'cfg', optional: true } }, { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }],
            imagePullSecrets: [{ name: 'pull' }],
          },
        },
      },
    };
    expect(roundTrip(deployment)).toEqual(deployment);
  });

  it('round-trips Services, Secrets, ConfigMaps and Events for any values', () => {
    const service = fc.record({
      name: label,
      port: fc.integer({ min: 1, max: 65535 }),
      target: fc.oneof(fc.integer({ min: 1, max: 65535 }), label),
      created: seconds,
    });
    fc.assert(
      fc.property(service, ({ name, port, target, created }) => {
        const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name, creationTimestamp: formatTime(created) }, spec: { ports: [{ port, targetPort: target }], selector: { app: name } } };
        expect(roundTrip(svc)).toEqual(svc);
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(label, fc.uint8Array({ maxLength: 64 })), fc.dictionary(label, fc.string()), (binary, text) => {
        const data = Object.fromEntries(Object.entries(binary).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
        const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data };
        const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: text };
        expect(roundTrip(secret)).toEqual(Object.keys(data).length > 0 ? secret : { ...secret, data: undefined });
        expect(roundTrip(configMap)).toEqual(Object.keys(text).length > 0 ? configMap : { ...configMap, data: undefined });
      }),
    );
    fc.assert(
      fc.property(seconds, fc.integer({ min: 0, max: 999_999 }), (s, micros) => {
        const eventTime = formatMicroTime(s, micros * 1000);
        const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p' }, eventTime, count: 2 };
        expect(roundTrip(event)).toEqual(event);
      }),
    );
  });

  it('keeps whole seconds of a Time as metav1.Time does, and FieldsV1 as raw JSON', () => {
    const managedFields = [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2026-01-02T03:04:05Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } }];
    const decoded = roundTrip({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', creationTimestamp: '2026-01-02T03:04:05.987Z', managedFields } });
    expect(decoded).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', creationTimestamp: '2026-01-02T03:04:05Z', managedFields } });
  });

  it('drops the zero values Go writes for unset fields but keeps an explicit zero pointer', () => {
    const decoded = roundTrip({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: '', generation: 0 }, spec: { replicas: 0, minReadySeconds: 0, paused: false } });
    expect(decoded).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 0 } });
  });

  it('encodes a Status for protobuf error answers', () => {
    const status = { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', message: 'namespaces "bi" already exists', reason: 'AlreadyExists', details: { name: 'bi', kind: 'namespaces' }, code: 409 };
    expect(roundTrip(status)).toEqual(status);
  });

  it('leaves kinds without a .proto message (custom resources) to JSON', () => {
    expect(encodeProtobufObject({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'v' } })).toBeUndefined();
  });

  it('refuses broken envelopes with the messages of the real serializer', () => {
    expect(refusal(Buffer.alloc(0))).toMatchObject({ code: 400, reason: 'BadRequest', message: 'empty data' });
    expect(refusal(Buffer.from('{"kind":"Namespace"}'))).toMatchObject({ code: 400, message: 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]' });
    expect(refusal(Buffer.from('k8s\0'))).toMatchObject({ code: 400, message: 'empty body' });
    expect(refusal(Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x7f, 0x01]))).toMatchObject({ code: 400, message: expect.stringContaining('runtime.Unknown') });
    const wrongKind = encodeProtobufObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }) ?? Buffer.alloc(0);
    const renamed = Buffer.from(wrongKind.toString('latin1').replace('Namespace', 'Nonesuchx'), 'latin1');
    expect(refusal(renamed)).toMatchObject({ code: 400, message: 'the object provided is unrecognized: no kind "Nonesuchx" is registered for version "v1"' });
  });
});
