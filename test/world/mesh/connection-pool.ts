// One client proxy's circuit breaker for one upstream cluster, as Envoy's HTTP/1.1 connection
// pool enforces the thresholds Istio sets from DestinationRule connectionPool
// (pilot/pkg/networking/core/cluster_traffic_policy.go applyConnectionPool): tcp.maxConnections
// → max_connections, http.http1MaxPendingRequests → max_pending_requests, http.http2MaxRequests
// → max_requests, http.maxRequestsPerConnection → max_requests_per_connection. A request takes
// a free connection (a new one while under max_connections), else waits in the pending queue,
// else overflows (503, flag UO). HTTP/1.1 carries one request per connection at a time; a
// connection that reached max_requests_per_connection closes, and its slot only frees once a
// new connection's TCP and TLS handshakes are done, which is why the circuit-breaking task sees
// 503s with two concurrent clients. Envoy's retry and connection-attempt budgets are not modelled.
import type { TrafficPolicy } from './mesh-config.js';

export interface PoolLimits {
  maxConnections: number;
  maxPending: number;
  maxRequests: number;
  maxRequestsPerConnection: number;
}

/** A new upstream connection: TCP plus the mTLS handshake, on a node's loopback-speed network. */
export const connectMs = 1;

/** Istio leaves every threshold at 2^32-1 unless the DestinationRule sets it. */
export function poolLimits(policy: TrafficPolicy): PoolLimits | undefined {
  const pool = policy.connectionPool;
  if (!pool) return undefined;
  const limit = (value: number | undefined): number => (value === undefined || value <= 0 ? Infinity : value);
  const limits = {
    maxConnections: limit(pool.tcp?.maxConnections),
    maxPending: limit(pool.http?.http1MaxPendingRequests),
    maxRequests: limit(pool.http?.http2MaxRequests),
    maxRequestsPerConnection: limit(pool.http?.maxRequestsPerConnection),
  };
  return Object.values(limits).every((v) => v === Infinity) ? undefined : limits;
}

export interface Lease {
  /** The request on this connection is over (answered, failed or abandoned). */
  release(): void;
}

interface Connection {
  served: number;
}

interface Waiter {
  grant(connection: Connection): void;
  signal: AbortSignal;
}

export class ConnectionPool {
  /** Open or opening connections, busy or about to be replaced. */
  private connections = 0;
  private active = 0;
  private readonly idle: Connection[] = [];
  private readonly pending: Waiter[] = [];

  constructor(private limits: PoolLimits) {}

  /** The DestinationRule changed: new thresholds apply to new requests. */
  update(limits: PoolLimits): void {
    this.limits = limits;
  }

  /** A connection for one request, or 'overflow' (the pending queue or max_requests is full). */
  acquire(signal: AbortSignal): Promise<Lease | 'overflow'> {
    if (this.active + this.pending.length >= this.limits.maxRequests) return Promise.resolve('overflow');
    const idle = this.idle.pop();
    if (idle) return Promise.resolve(this.lease(idle));
    if (this.connections < this.limits.maxConnections) {
      this.connections++;
      return Promise.resolve(this.lease({ served: 0 }));
    }
    if (this.pending.length >= this.limits.maxPending) return Promise.resolve('overflow');
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        signal,
        grant: (connection) => {
          signal.removeEventListener('abort', onAbort);
          resolve(this.lease(connection));
        },
      };
      const onAbort = (): void => {
        const at = this.pending.indexOf(waiter);
        if (at >= 0) this.pending.splice(at, 1);
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.push(waiter);
    });
  }

  stats(): { connections: number; active: number; pending: number } {
    return { connections: this.connections, active: this.active, pending: this.pending.length };
  }

  private lease(connection: Connection): Lease {
    this.active++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.active--;
        connection.served++;
        if (connection.served >= this.limits.maxRequestsPerConnection) {
          // Closed after its last allowed request: the replacement is ready only after its handshakes.
          setTimeout(() => {
            this.connections--;
            this.openForPending();
          }, connectMs).unref();
        } else this.handOver(connection);
      },
    };
  }

  private handOver(connection: Connection): void {
    const next = this.pending.shift();
    if (next) next.grant(connection);
    else this.idle.push(connection);
  }

  private openForPending(): void {
    if (this.pending.length === 0 || this.connections >= this.limits.maxConnections) return;
    this.connections++;
    this.handOver({ served: 0 });
  }
}
