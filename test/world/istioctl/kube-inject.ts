// `istioctl kube-inject -f FILE`: adds Istio's sidecar to every pod template in a manifest
// (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod) — istio-init, istio-proxy,
// volumes, labels and the sidecar.istio.io/status annotation — and passes other objects
// through. Templates that opt out (sidecar.istio.io/inject: "false") are left alone. Pure.
import { parseAllDocuments, stringify } from 'yaml';
import { injectSidecar, proxyImage } from '../sidecar-injector.js';

type Obj = Record<string, unknown>;

function podTemplate(doc: Obj): Obj | undefined {
  const spec = doc.spec as Obj | undefined;
  switch (doc.kind) {
    case 'Pod':
      return doc;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return spec?.template as Obj | undefined;
    case 'CronJob':
      return ((spec?.jobTemplate as Obj | undefined)?.spec as Obj | undefined)?.template as Obj | undefined;
    default:
      return undefined;
  }
}

function injectTemplate(template: Obj, image: string): void {
  const metadata = ((template.metadata as Obj | undefined) ?? (template.metadata = {})) as { labels?: Record<string, string>; annotations?: Record<string, string> };
  const spec = ((template.spec as Obj | undefined) ?? (template.spec = {})) as Obj;
  const containers = (spec.containers as Obj[] | undefined) ?? [];
  if (metadata.annotations?.['sidecar.istio.io/inject'] === 'false' || metadata.labels?.['sidecar.istio.io/inject'] === 'false') return;
  if (containers.some((c) => c.name === 'istio-proxy')) return;
  injectSidecar({ metadata, spec }, image);
}

export function kubeInject(manifest: string, version: string): string {
  const image = proxyImage(version);
  const docs = parseAllDocuments(manifest).map((d) => d.toJS() as Obj | null).filter((d): d is Obj => !!d);
  return docs
    .map((doc) => {
      const template = podTemplate(doc);
      if (template) injectTemplate(template, image);
      return stringify(doc);
    })
    .join('---\n');
}
