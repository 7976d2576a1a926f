import { describe, expect, it } from 'vitest';
import { AppError } from '../contract';
import { contextNames, labEntriesFrom, mergeLabEntries, parseKubeconfig, removeLabEntries, renderKubeconfig } from './kubeconfig-merge';

/** A kubeconfig as kind writes one: cluster, user and context all named kind-<name>. */
function kindKubeconfig(name: string, port: number, parts: { ca?: boolean; credentials?: boolean } = {}): string {
  const key = `kind-${name}`;
  const cluster: Record<string, string> = { server: `https://127.0.0.1:${port}` };
  if (parts.ca !== false) cluster['certificate-authority-data'] = 'Q0E=';
  const user: Record<string, string> = parts.credentials === false ? {} : { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' };
  return renderKubeconfig({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: key, cluster }],
    users: [{ name: key, user }],
    contexts: [{ name: key, context: { cluster: key, user: key } }],
    'current-context': key,
  });
}

describe('labEntriesFrom', () => {
  it('takes the context, its cluster and its user out of what kind wrote', () => {
    const entries = labEntriesFrom(kindKubeconfig('one', 40001), 'kind-one', 'kind get kubeconfig');
    expect(entries.context.name).toBe('kind-one');
    expect(entries.cluster).toEqual({ name: 'kind-one', cluster: { server: 'https://127.0.0.1:40001', 'certificate-authority-data': 'Q0E=' } });
    expect(entries.user.name).toBe('kind-one');
  });

  it.each([
    ['an empty text (a half-made cluster)', '', 'a context named kind-one'],
    ['another cluster’s kubeconfig', kindKubeconfig('two', 40002), 'a context named kind-one'],
    ['no certificate authority', kindKubeconfig('one', 40001, { ca: false }), 'the certificate authority of kind-one'],
    ['no credentials', kindKubeconfig('one', 40001, { credentials: false }), 'credentials for kind-one'],
    ['a context without its cluster', 'contexts:\n- name: kind-one\n  context: {cluster: gone, user: kind-one}\n', 'the cluster entry its context kind-one names'],
    ['text that is not YAML', 'clusters: [', 'cannot be read'],
  ])('refuses %s, saying what is missing', (_what, text, missing) => {
    let thrown: unknown;
    try {
      labEntriesFrom(text, 'kind-one', 'kind get kubeconfig --name one');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('COMMAND_FAILED');
    expect((thrown as AppError).message).toContain('kind get kubeconfig --name one gave a kubeconfig');
    expect((thrown as AppError).message).toContain(missing);
  });
});

describe('merging and removing one lab', () => {
  const withTwo = () => {
    let doc = parseKubeconfig('');
    doc = mergeLabEntries(doc, labEntriesFrom(kindKubeconfig('one', 40001), 'kind-one', 'kind'));
    return mergeLabEntries(doc, labEntriesFrom(kindKubeconfig('two', 40002), 'kind-two', 'kind'));
  };

  it('adds a lab beside the others and replaces only its own entries when it comes back on a new port', () => {
    const doc = mergeLabEntries(withTwo(), labEntriesFrom(kindKubeconfig('one', 40009), 'kind-one', 'kind'));
    expect(contextNames(doc)).toEqual(['kind-one', 'kind-two']);
    expect(doc.clusters.map((c) => (c.cluster as { server: string }).server)).toEqual(['https://127.0.0.1:40009', 'https://127.0.0.1:40002']);
    // The first lab made current stays current: MeshDeck always names the context it uses.
    expect(doc['current-context']).toBe('kind-one');
  });

  it('removes one lab and keeps the rest, including entries MeshDeck did not write and fields it does not know', () => {
    const foreign = 'apiVersion: v1\nkind: Config\npreferences: {colors: true}\nclusters:\n- name: mine\n  cluster: {server: "https://10.0.0.1"}\nusers:\n- name: me\n  user: {token: t}\ncontexts:\n- name: mine\n  context: {cluster: mine, user: me}\ncurrent-context: mine\n';
    let doc = mergeLabEntries(parseKubeconfig(foreign), labEntriesFrom(kindKubeconfig('one', 40001), 'kind-one', 'kind'));
    doc = removeLabEntries(doc, 'kind-one');
    expect(parseKubeconfig(renderKubeconfig(doc))).toEqual(parseKubeconfig(foreign));
  });

  it('moves current-context to a remaining lab when the current one goes, and keeps a cluster another context still uses', () => {
    const doc = withTwo();
    doc.contexts.push({ name: 'kind-one-token', context: { cluster: 'kind-one', user: 'kind-two' } });
    const removed = removeLabEntries(doc, 'kind-one');
    expect(contextNames(removed)).toEqual(['kind-two', 'kind-one-token']);
    expect(removed.clusters.map((c) => c.name)).toEqual(['kind-one', 'kind-two']);
    expect(removed.users.map((u) => u.name)).toEqual(['kind-two']);
    expect(removed['current-context']).toBe('kind-two');
  });

  it('leaves a file without the lab as it was', () => {
    const doc = withTwo();
    expect(removeLabEntries(doc, 'kind-three')).toEqual(doc);
  });
});
