// What each container "prints": plausible startup and steady-state lines for the Bookinfo
// services, Envoy access logs for istio-proxy, iptables output for istio-init, and klog-style
// lines for anything else. Deterministic in (container, index) so reads are repeatable.

export interface LineContext {
  podName: string;
  podIP: string;
  container: string;
  image: string;
  app: string;
}

function pick<T>(list: readonly T[], i: number): T {
  return list[((i % list.length) + list.length) % list.length] as T;
}

const paths = ['/productpage', '/productpage?u=normal', '/static/bootstrap/css/bootstrap.min.css', '/api/v1/products', '/api/v1/products/0', '/login', '/logout'];
const agents = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36', 'curl/8.5.0', 'python-requests/2.31.0', 'Go-http-client/1.1'];

function clf(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()] ?? 'Jan'}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

function requestId(i: number, salt: string): string {
  let h = 2166136261;
  for (const ch of `${salt}:${i}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const hex = (h.toString(16).padStart(8, '0') + (h ^ 0x5bd1e995).toString(16).padStart(8, '0')).slice(0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-9${hex.slice(13, 16)}-a${hex.slice(1, 4)}-${hex}`.slice(0, 36);
}

function klogPrefix(at: Date): string {
  return `I${String(at.getUTCMonth() + 1).padStart(2, '0')}${String(at.getUTCDate()).padStart(2, '0')} ${at.toISOString().slice(11, 23)}000       1`;
}

export function startupLines(ctx: LineContext, at: Date): string[] {
  if (ctx.container === 'istio-proxy') {
    const t = at.toISOString().replace('Z', '000Z');
    return [
      'info\tFIPS mode disabled',
      'info\tVersion 1.30.3-56df41f63e513f834c9a3af33d8aed82d1d961f2-Clean',
      'info\tProxy role\tips=[' + ctx.podIP + '] type=sidecar id=' + ctx.podName + ' domain=svc.cluster.local',
      'info\tApply proxy config from env {}',
      'info\tEnvoy command: [-c etc/istio/proxy/envoy-rev.json --drain-time-s 45 --drain-strategy immediate --local-address-ip-version v4 --file-flush-interval-msec 1000 --disable-hot-restart --allow-unknown-static-fields -l warning --component-log-level misc:error]',
      'info\tcache\tgenerated new workload certificate\tresourceName=default latency=83ms ttl=23h59m59s',
      'info\tads\tADS: new connection for node:' + ctx.podName + '-1',
      'info\tReadiness succeeded in 1.2s',
      'info\tEnvoy proxy is ready',
    ].map((line) => `${t}\t${line}`);
  }
  if (ctx.container === 'istio-init') {
    return [
      `${at.toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/')} Istio iptables environment:`,
      'ENVOY_PORT=\nINBOUND_CAPTURE_PORT=\nISTIO_INBOUND_INTERCEPTION_MODE=',
      '* nat\n-N ISTIO_INBOUND\n-N ISTIO_REDIRECT\n-N ISTIO_IN_REDIRECT\n-N ISTIO_OUTPUT',
      '-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN\n-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001\nCOMMIT',
    ];
  }
  switch (ctx.app) {
    case 'productpage':
      return ['INFO:root:start at port 9080', ' * Serving Flask app "productpage" (lazy loading)', ' * Environment: production', ' * Debug mode: off', 'INFO:werkzeug: * Running on http://0.0.0.0:9080/ (Press CTRL+C to quit)'];
    case 'details': {
      const t = at.toISOString().slice(0, 19).replace('T', ' ');
      return [`[${t}] INFO  WEBrick 1.7.0`, `[${t}] INFO  ruby 3.1.4 (2023-03-30) [x86_64-linux]`, `[${t}] INFO  WEBrick::HTTPServer#start: pid=1 port=9080`];
    }
    case 'reviews':
      return [
        'Launching defaultServer (Open Liberty 24.0.0.1/wlp-1.0.85.cl240120240115-2105) on Eclipse OpenJ9 VM, version 17.0.10+7 (en_US)',
        '[AUDIT   ] CWWKE0001I: The server defaultServer has been launched.',
        `[AUDIT   ] CWWKT0016I: Web application available (default_host): http://${ctx.podName}:9080/`,
        '[AUDIT   ] CWWKZ0001I: Application reviews-app started in 2.412 seconds.',
        '[AUDIT   ] CWWKF0011I: The defaultServer server is ready to run a smarter planet.',
      ];
    case 'ratings':
      return ['Server listening on: http://0.0.0.0:9080'];
    default:
      return [`${klogPrefix(at)} main.go:61] Starting ${ctx.container} (image ${ctx.image})`, `${klogPrefix(at)} main.go:88] Listening on :8080`];
  }
}

export function steadyLine(ctx: LineContext, i: number, at: Date): string {
  if (ctx.container === 'istio-proxy') {
    const inbound = i % 2 === 0;
    const status = i % 17 === 16 ? 503 : 200;
    const path = ctx.app === 'productpage' ? pick(paths, i) : `/${ctx.app || 'api'}/${i % 10}`;
    const upstream = inbound ? `inbound|9080||` : `outbound|9080||${pick(['reviews', 'details', 'ratings'], i)}.default.svc.cluster.local`;
    const flags = status === 503 ? 'UF,URX' : '-';
    return `[${at.toISOString()}] "GET ${path} HTTP/1.1" ${status} ${flags} via_upstream - "-" 0 ${1000 + (i % 4000)} ${2 + (i % 40)} ${1 + (i % 38)} "-" "${pick(agents, i)}" "${requestId(i, ctx.podName)}" "${ctx.app || 'service'}:9080" "${ctx.podIP}:9080" ${upstream} 127.0.0.6:${40000 + (i % 20000)} ${ctx.podIP}:9080 10.244.0.${1 + (i % 250)}:${30000 + (i % 30000)} ${inbound ? 'invalid:' : 'outbound_.9080_._.'}${ctx.app}.default.svc.cluster.local default`;
  }
  switch (ctx.app) {
    case 'productpage':
      return i % 3 === 0
        ? `DEBUG:urllib3.connectionpool:http://${pick(['details', 'reviews'], i)}:9080 "GET /${pick(['details', 'reviews'], i)}/0 HTTP/1.1" 200 ${150 + (i % 300)}`
        : `INFO:werkzeug:::ffff:127.0.0.6 - - [${clf(at).replace(':', ' ')}] "GET ${pick(paths, i)} HTTP/1.1" 200 -`;
    case 'details':
      return `127.0.0.6 - - [${clf(at)} UTC] "GET /details/${i % 10} HTTP/1.1" 200 178 - -> /details/${i % 10}`;
    case 'reviews':
      return `[INFO    ] GET /reviews/${i % 10} ratings-enabled=${ctx.image.includes('v1') ? 'false' : 'true'} star-color=${ctx.image.includes('v3') ? 'red' : 'black'} status=200`;
    case 'ratings':
      return `GET /ratings/${i % 10}`;
    default:
      return `${klogPrefix(at)} server.go:${100 + (i % 50)}] "handled request" method=GET path=/healthz status=200 n=${i}`;
  }
}
