// MeshDeck's routing for each of Istio's Bookinfo reviews task files is the task file itself:
// the dry-run YAML (what `shift reviews v1=90 v2=10 --dry-run -o yaml` prints) and the objects
// real kubectl gets back from a server-side dry run in the test world are semantically equal to
// the upstream VirtualService and destination-rule-all's reviews DestinationRule. The files are
// read from the upstream reference files at test time, never copied.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { describeWithIstioReference } from '../../test/support/reference-suite';
import { findKubectl, startWorld, type World } from '../../test/world/index';
import { applyPreset, evenSplit, presetsFor, toWeightInfos, type HeaderRouteInfo } from '../contract';
import { exec } from '../exec';
import type { KubeObject } from '../kube';
import { buildRouting, readRouting } from './routing-objects';
import { routingYaml } from './routing-yaml';
import { parseShiftArgs } from './shift-args';


const NAMESPACE = 'default';
const VERSIONS = ['v1', 'v2', 'v3'];
const JASON: HeaderRouteInfo = { header: 'end-user', value: 'jason', version: 'v2' };

interface Task {
  file: string;
  /** The CLI words for the split, and the header rule if the file has one. */
  words: string[];
  headerRoute?: HeaderRouteInfo;
}

/** A preset as the CLI would send it: every version named, zeros included. */
function presetTask(file: string, id: string): Task {
  const preset = presetsFor(VERSIONS).find((p) => p.id === id);
  if (!preset) throw new Error(`no preset ${id}`);
  const words = toWeightInfos(applyPreset(evenSplit(VERSIONS), preset)).map((w) => `${w.version}=${w.weight}`);
  return preset.headerRoute ? { file, words, headerRoute: preset.headerRoute } : { file, words };
}

const TASKS: Task[] = [
  presetTask('virtual-service-all-v1.yaml', 'all-v1'),
  presetTask('virtual-service-reviews-90-10.yaml', '90-10'),
  presetTask('virtual-service-reviews-80-20.yaml', '80-20'),
  presetTask('virtual-service-reviews-50-v3.yaml', '50-v3'),
  presetTask('virtual-service-reviews-v2-v3.yaml', 'v2-v3'),
  presetTask('virtual-service-reviews-v3.yaml', 'v3'),
  presetTask('virtual-service-reviews-test-v2.yaml', 'test-v2'),
  { file: 'virtual-service-reviews-jason-v2-v3.yaml', words: ['v3=100'], headerRoute: JASON },
];

function readDocs(networking: string, file: string): KubeObject[] {
  return parseAllDocuments(readFileSync(join(networking, file), 'utf8'))
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);
}

function reviewsOf(objects: readonly KubeObject[], kind: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === 'reviews');
  if (!found) throw new Error(`no ${kind} reviews among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

/** What the CLI's dry run prints for a task: the words parsed, the objects built, as YAML. */
function dryRunYaml(task: Task): string {
  const weights = parseShiftArgs(task.words);
  const { destinationRule, virtualService } = buildRouting({ service: 'reviews', namespace: NAMESPACE, versions: VERSIONS, weights, ...(task.headerRoute ? { headerRoute: task.headerRoute } : {}) });
  return routingYaml([destinationRule, virtualService]);
}

// --- semantic equality ------------------------------------------------------------------------

function shortHost(host: unknown): unknown {
  if (typeof host !== 'string') return host;
  for (const suffix of [`.${NAMESPACE}.svc.cluster.local`, `.${NAMESPACE}.svc`, `.${NAMESPACE}`]) {
    if (host.endsWith(suffix)) return host.slice(0, -suffix.length);
  }
  return host;
}

type Route = { destination: { host: unknown; subset?: string }; weight?: number };
type HttpRule = { match?: unknown; route: Route[] };

/**
 * Only what routing means: name, kind and spec; short and FQDN hosts of the same namespace
 * alike; a lone destination takes weight 100 whether it says so or not; destinations of a rule
 * without a match in any order.
 */
function normalize(object: KubeObject): unknown {
  const spec = structuredClone(object['spec']) as Record<string, unknown>;
  if (object.kind === 'DestinationRule') spec['host'] = shortHost(spec['host']);
  if (object.kind === 'VirtualService') {
    spec['hosts'] = (spec['hosts'] as unknown[]).map(shortHost);
    spec['http'] = (spec['http'] as HttpRule[]).map((rule) => {
      const route = rule.route.map((r) => ({ ...r, destination: { ...r.destination, host: shortHost(r.destination.host) }, weight: rule.route.length === 1 ? (r.weight ?? 100) : r.weight }));
      if (rule.match === undefined) route.sort((a, b) => String(a.destination.subset).localeCompare(String(b.destination.subset)));
      return { ...rule, route };
    });
  }
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata?.name, spec };
}

describeWithIstioReference('upstream reviews task files', (reference) => {
  const networking = join(reference, 'samples', 'bookinfo', 'networking');
  const crdFile = join(reference, 'manifests', 'charts', 'base', 'files', 'crd-all.gen.yaml');
  const upstreamRule = () => reviewsOf(readDocs(networking, 'destination-rule-all.yaml'), 'DestinationRule');
  const upstreamService = (task: Task) => reviewsOf(readDocs(networking, task.file), 'VirtualService');

  it('each task split reads back from the upstream file as the weights MeshDeck sends', () => {
    for (const task of TASKS) {
      const sent = parseShiftArgs(task.words).filter((w) => w.weight > 0);
      const live = readRouting(upstreamService(task), 'reviews', NAMESPACE);
      expect(live, task.file).toEqual(task.headerRoute ? { weights: sent, headerRoute: task.headerRoute } : { weights: sent });
    }
  });

  it.each(TASKS)('dry-run YAML for $file equals the upstream objects', (task) => {
    const objects = parseAllDocuments(dryRunYaml(task)).map((doc) => doc.toJS() as KubeObject);
    expect(objects.map((o) => o.kind)).toEqual(['DestinationRule', 'VirtualService']);
    expect(normalize(reviewsOf(objects, 'VirtualService'))).toEqual(normalize(upstreamService(task)));
    expect(normalize(reviewsOf(objects, 'DestinationRule'))).toEqual(normalize(upstreamRule()));
  });

  it('tells the task files apart: each dry run matches its own file only', () => {
    for (const ours of TASKS) {
      const vs = normalize(reviewsOf(parseAllDocuments(dryRunYaml(ours)).map((doc) => doc.toJS() as KubeObject), 'VirtualService'));
      const matching = TASKS.filter((theirs) => JSON.stringify(normalize(upstreamService(theirs))) === JSON.stringify(vs)).map((t) => t.file);
      expect(matching).toEqual([ours.file]);
    }
  });

  describe('through real kubectl against the test world', () => {
    let world: World;
    let kube: (args: string[], input?: string) => Promise<string>;

    beforeAll(async () => {
      const kubectl = await findKubectl();
      world = await startWorld();
      kube = async (args, input) => (await exec(kubectl, ['--kubeconfig', world.kubeconfigPath, ...args], input === undefined ? {} : { input })).stdout;
      await kube(['apply', '--server-side', '-f', crdFile]);
      await kube(['wait', '--for=condition=Established', '--timeout=30s', 'crd/virtualservices.networking.istio.io', 'crd/destinationrules.networking.istio.io']);
    }, 60_000);

    afterAll(async () => {
      await world?.stop();
    });

    it.each(TASKS)('`kubectl apply --dry-run=server -o yaml` for $file gives the upstream objects and stores nothing', async (task) => {
      const out = await kube(['apply', '--dry-run=server', '-o', 'yaml', '-n', NAMESPACE, '-f', '-'], dryRunYaml(task));
      const answer = parseAllDocuments(out).map((doc) => doc.toJS() as KubeObject & { items?: KubeObject[] });
      const objects = answer.flatMap((o) => (o.kind === 'List' ? (o.items ?? []) : [o]));
      expect(objects.map((o) => o.kind)).toEqual(['DestinationRule', 'VirtualService']);
      expect(normalize(reviewsOf(objects, 'VirtualService'))).toEqual(normalize(upstreamService(task)));
      expect(normalize(reviewsOf(objects, 'DestinationRule'))).toEqual(normalize(upstreamRule()));
      expect(await kube(['get', 'virtualservices,destinationrules', '-n', NAMESPACE, '-o', 'name'])).toBe('');
    });
  });
});
