// URL reading shared by the window and pane policies: parsing that never throws, and the one
// definition of a link that may reach the system browser at all (http or https, no credentials).

export function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

export function isPlainHttp(url: URL): boolean {
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
}
