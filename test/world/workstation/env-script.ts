// Renders DIR/env.sh for `npm run world`: after `source DIR/env.sh` a shell behaves like a
// workstation with MeshDeck's tools — the mirror as MESHDECK_MIRROR, a fresh MESHDECK_HOME, the
// kind and istioctl stand-ins first on PATH, a kubeconfig of its own (never ~/.kube/config) and
// a `meshdeck` command. Pure text; cli.ts writes it and owns everything it points at.

export interface EnvScriptOptions {
  dir: string;
  mirrorUrl: string;
  meshdeckHome: string;
  worldState: string;
  kubeconfig: string;
  /** test/world/bin: the stand-ins. */
  standInBin: string;
  /** The Node that runs the world: the stand-ins' launchers run `node` from PATH. */
  nodeBin: string;
  /** Appended to PATH when kubectl is not on it already. */
  kubectlBin?: string;
  meshdeckEntry: string;
  /** The standalone API server's kubeconfig, for "bring your own cluster" (not the default). */
  apiServerKubeconfig?: string;
}

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function envScript(o: EnvScriptOptions): string {
  const lines = [
    '# MeshDeck test world: written by `npm run world`; valid while it runs.',
    `# Use it with:  source ${shellQuote(`${o.dir}/env.sh`)}`,
    `export MESHDECK_MIRROR=${shellQuote(o.mirrorUrl)}`,
    `export MESHDECK_HOME=${shellQuote(o.meshdeckHome)}`,
    `export MESHDECK_WORLD_STATE=${shellQuote(o.worldState)}`,
    `export KUBECONFIG=${shellQuote(o.kubeconfig)}`,
    `export PATH=${shellQuote(`${o.standInBin}:${o.nodeBin}`)}:"$PATH"${o.kubectlBin ? `:${shellQuote(o.kubectlBin)}` : ''}`,
    ...(o.apiServerKubeconfig ? [`export MESHDECK_WORLD_API_KUBECONFIG=${shellQuote(o.apiServerKubeconfig)}`] : []),
    `meshdeck() { node ${shellQuote(o.meshdeckEntry)} "$@"; }`,
    '',
  ];
  return lines.join('\n');
}
