// The apimachinery types whose protobuf message is not their JSON shape, converted the way their
// Go Marshal/UnmarshalJSON and Protobuf methods do (see each message's comment in
// apimachinery's generated.proto): Time (seconds only, RFC 3339), MicroTime (RFC 3339 with
// microseconds), IntOrString, Quantity (its string), FieldsV1 and RawExtension (raw JSON bytes).

const meta = '.k8s.io.apimachinery.pkg.apis.meta.v1';

export interface SpecialType {
  /** From the plain protobuf object (toObject: longs as numbers, bytes as base64) to JSON; undefined = omit. */
  toJson(plain: Record<string, unknown>): unknown;
  /** From JSON to the plain protobuf object fromObject accepts. */
  fromJson(value: unknown, where: string): Record<string, unknown>;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}

function parseTime(value: unknown, where: string): { seconds: number; nanos: number } {
  const text = String(value);
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  const millis = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
  if (!m || Number.isNaN(millis)) throw new Error(`${where}: "${text}" is not an RFC 3339 time`);
  return { seconds: Math.floor(millis / 1000), nanos: Number((m[2] ?? '').padEnd(9, '0')) };
}

/** Go's time.RFC3339 in UTC, as metav1.Time marshals: whole seconds. */
export function formatTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.RFC3339Micro in UTC: six fraction digits, always. */
export function formatMicroTime(seconds: number, nanos: number): string {
  const micros = String(Math.floor(nanos / 1000)).padStart(6, '0');
  return formatTime(seconds).replace(/Z$/, `.${micros}Z`);
}

function rawJson(base64: unknown): unknown {
  const bytes = Buffer.from(typeof base64 === 'string' ? base64 : '', 'base64');
  if (bytes.length === 0) return undefined;
  return JSON.parse(bytes.toString('utf8')) as unknown;
}

function rawBase64(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

const time: SpecialType = {
  // Time's Unmarshal keeps whole seconds; a zero Time (empty message) is "unset".
  toJson: (p) => (num(p['seconds']) === 0 && num(p['nanos']) === 0 ? undefined : formatTime(num(p['seconds']))),
  fromJson: (v, where) => ({ seconds: parseTime(v, where).seconds }),
};

const microTime: SpecialType = {
  toJson: (p) => (num(p['seconds']) === 0 && num(p['nanos']) === 0 ? undefined : formatMicroTime(num(p['seconds']), num(p['nanos']))),
  fromJson: (v, where) => {
    const { seconds, nanos } = parseTime(v, where);
    return { seconds, nanos: Math.floor(nanos / 1000) * 1000 };
  },
};

const intOrString: SpecialType = {
  // type 0 = Int, 1 = String (intstr.Type).
  toJson: (p) => (num(p['type']) === 1 ? String(p['strVal'] ?? '') : num(p['intVal'])),
  fromJson: (v, where) => {
    if (typeof v === 'number' && Number.isInteger(v)) return { type: 0, intVal: v };
    if (typeof v === 'string') return { type: 1, strVal: v };
    throw new Error(`${where}: ${JSON.stringify(v)} is neither an integer nor a string`);
  },
};

const quantity: SpecialType = {
  toJson: (p) => String(p['string'] ?? ''),
  fromJson: (v) => ({ string: String(v) }),
};

export const specialTypes = new Map<string, SpecialType>([
  [`${meta}.Time`, time],
  [`${meta}.MicroTime`, microTime],
  ['.k8s.io.apimachinery.pkg.util.intstr.IntOrString', intOrString],
  ['.k8s.io.apimachinery.pkg.api.resource.Quantity', quantity],
  [`${meta}.FieldsV1`, { toJson: (p) => rawJson(p['Raw']), fromJson: (v) => ({ Raw: rawBase64(v) }) }],
  ['.k8s.io.apimachinery.pkg.runtime.RawExtension', { toJson: (p) => rawJson(p['raw']), fromJson: (v) => ({ raw: rawBase64(v) }) }],
]);
