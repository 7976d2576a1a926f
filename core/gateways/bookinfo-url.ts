// Where Bookinfo's product page answers once the ingress gateway is published on the host:
// loopback and the HTTP host port kind maps. Pure; core/bookinfo re-exports it.

export function bookinfoUrl(options: { httpPort: number; host?: string }): string {
  const host = options.host ?? '127.0.0.1';
  return `http://${host}${options.httpPort === 80 ? '' : `:${options.httpPort}`}/productpage`;
}
