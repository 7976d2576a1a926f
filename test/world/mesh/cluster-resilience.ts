// Each client proxy's circuit breaker and outlier detector per upstream cluster, kept across
// requests (Envoy keeps them per cluster in each proxy) and updated when the DestinationRule's
// trafficPolicy changes; a cluster without connectionPool or outlierDetection gets neither.
import { ConnectionPool, poolLimits } from './connection-pool.js';
import type { Cluster } from './endpoints.js';
import { OutlierDetector, outlierSettings } from './outlier-detection.js';

export interface ClusterGuards {
  pool?: ConnectionPool;
  outlier?: OutlierDetector;
}

export class ClusterResilience {
  private readonly pools = new Map<string, ConnectionPool>();
  private readonly detectors = new Map<string, OutlierDetector>();

  forCluster(proxyKey: string, cluster: Cluster): ClusterGuards {
    const key = `${proxyKey}|${cluster.name}`;
    const guards: ClusterGuards = {};
    const limits = poolLimits(cluster.trafficPolicy);
    if (limits) {
      const pool = this.pools.get(key) ?? new ConnectionPool(limits);
      pool.update(limits);
      this.pools.set(key, pool);
      guards.pool = pool;
    }
    const settings = outlierSettings(cluster.trafficPolicy);
    if (settings) {
      const detector = this.detectors.get(key) ?? new OutlierDetector(settings);
      detector.update(settings);
      this.detectors.set(key, detector);
      guards.outlier = detector;
    } else this.detectors.delete(key);
    return guards;
  }
}
