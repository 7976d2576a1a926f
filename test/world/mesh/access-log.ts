// Envoy access-log lines in Istio's default TEXT format (what `istio-proxy` prints with
// `meshConfig.accessLogFile: /dev/stdout`, as the demo profile sets). Formatting only: which
// pods log which lines is decided by the data plane.

export interface AccessLogEntry {
  start: Date;
  method: string;
  path: string;
  protocol: string;
  status: number;
  /** Envoy response flags: `-`, `NR`, `UH`, `NC`, `FI`, `DI`, `UT`, `URX`, `UC`; combined with commas. */
  flags: string;
  details: string;
  bytesReceived: number;
  bytesSent: number;
  durationMs: number;
  upstreamServiceTimeMs?: number;
  forwardedFor?: string;
  userAgent?: string;
  requestId?: string;
  authority: string;
  upstreamHost?: string;
  upstreamCluster?: string;
  upstreamLocalAddress?: string;
  downstreamLocalAddress: string;
  downstreamRemoteAddress: string;
  routeName?: string;
}

function quoted(value: string | undefined): string {
  return `"${value === undefined || value === '' ? '-' : value}"`;
}

function dash(value: string | number | undefined): string {
  return value === undefined || value === '' ? '-' : String(value);
}

export function formatAccessLog(e: AccessLogEntry): string {
  return [
    `[${e.start.toISOString()}]`,
    `"${e.method} ${e.path} ${e.protocol}"`,
    e.status === 0 ? '0' : String(e.status),
    e.flags || '-',
    e.details || '-',
    '-',
    '"-"',
    String(e.bytesReceived),
    String(e.bytesSent),
    String(Math.round(e.durationMs)),
    dash(e.upstreamServiceTimeMs === undefined ? undefined : Math.round(e.upstreamServiceTimeMs)),
    quoted(e.forwardedFor),
    quoted(e.userAgent),
    quoted(e.requestId),
    quoted(e.authority),
    quoted(e.upstreamHost),
    dash(e.upstreamCluster),
    dash(e.upstreamLocalAddress),
    e.downstreamLocalAddress,
    e.downstreamRemoteAddress,
    '-',
    dash(e.routeName),
  ].join(' ');
}
