// Sends a GET to the lab's Prometheus through the API server's service proxy
// (/api/v1/namespaces/istio-system/services/prometheus:9090/proxy/…) on the lab's own context
// and kubeconfig: no port-forward and no port the user did not open. What can go wrong on the
// way is said as TELEMETRY_UNAVAILABLE (no addon, no ready pod, Prometheus's refusal); trouble
// with the API server itself stays K8S_API, as everywhere else.
import { AppError, PROMETHEUS_SERVICE } from '../../contract';
import { kubeError, KubeStatusError, type KubeClients } from '../../kube';
import { prometheusRefusal } from './prometheus-answer';

export interface PrometheusLocation {
  namespace: string;
  name: string;
  port: number;
}

/** The service-proxy path of `apiPath` (which starts with /) on Prometheus's Service. */
export function serviceProxyPath(apiPath: string, where: PrometheusLocation = PROMETHEUS_SERVICE): string {
  return `/api/v1/namespaces/${encodeURIComponent(where.namespace)}/services/${encodeURIComponent(where.name)}:${where.port}/proxy${apiPath}`;
}

function describe(where: PrometheusLocation): string {
  return `${where.namespace}/${where.name}`;
}

function bodyOf(error: KubeStatusError): Record<string, unknown> {
  return (error.status ?? {}) as unknown as Record<string, unknown>;
}

/** True when the answer is the API server's own Status (not something Prometheus sent back). */
function isApiServerStatus(body: Record<string, unknown>): boolean {
  return body.kind === 'Status' && body.apiVersion === 'v1';
}

/**
 * What a failed proxy request means. The real kube-apiserver answers 404 Status
 * `services "prometheus" not found` without the Service, 503 Status `no endpoints available for
 * service "prometheus"` without a ready pod (pkg/registry/core/service/storage ResourceLocation),
 * and passes Prometheus's own answers through (its JSON errors; 503 text while it starts).
 */
export function proxyFailure(error: unknown, where: PrometheusLocation = PROMETHEUS_SERVICE, server?: string): AppError {
  if (!(error instanceof KubeStatusError)) return kubeError(error, `Asking Prometheus (${describe(where)}) through the API server`, server);
  const body = bodyOf(error);
  const message = typeof body.message === 'string' ? body.message : error.message;
  if (body.status === 'error') return prometheusRefusal(body);
  const details = { httpStatus: error.statusCode, service: describe(where) };
  if (error.statusCode === 401 || error.statusCode === 403) return kubeError(error, `Asking Prometheus (${describe(where)}) through the API server`, server);
  if (isApiServerStatus(body) && error.statusCode === 404) {
    return new AppError(
      'TELEMETRY_UNAVAILABLE',
      `The lab has no Prometheus addon (Service ${describe(where)} not found), so the mesh's own split cannot be read. Install the addons again with \`meshdeck up\` (or apply samples/addons/prometheus.yaml of the Istio release), then try again.`,
      { ...details, reason: 'not-installed' },
    );
  }
  if (error.statusCode === 503 && (/no endpoints available/i.test(message) || !isApiServerStatus(body))) {
    return new AppError(
      'TELEMETRY_UNAVAILABLE',
      `Prometheus (${describe(where)}) is not ready yet (${message.trim().split('\n')[0]}). Wait for its pod to become ready (\`kubectl -n ${where.namespace} get pods -l app.kubernetes.io/name=prometheus\`), then try again.`,
      { ...details, reason: 'not-ready' },
    );
  }
  return new AppError(
    'TELEMETRY_UNAVAILABLE',
    `Prometheus (${describe(where)}) could not be asked through the API server: HTTP ${error.statusCode}: ${message.trim().split('\n')[0]}. Check its pod and Service (\`kubectl -n ${where.namespace} describe service ${where.name}\`), then try again.`,
    { ...details, reason: 'unreachable' },
  );
}

/** GET `apiPath` of Prometheus's HTTP API with `params`; resolves with the JSON body Prometheus sent. */
export async function prometheusGet(clients: KubeClients, apiPath: string, params: Record<string, string>, options: { signal?: AbortSignal; where?: PrometheusLocation } = {}): Promise<unknown> {
  const where = options.where ?? PROMETHEUS_SERVICE;
  try {
    const answer = await clients.http.request<unknown>('GET', serviceProxyPath(apiPath, where), { query: params, ...(options.signal ? { signal: options.signal } : {}) });
    return answer.body;
  } catch (error) {
    throw proxyFailure(error, where, clients.server);
  }
}
