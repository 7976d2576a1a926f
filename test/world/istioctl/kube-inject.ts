// `istioctl kube-inject -f FILE`: adds Istio's sidecar to every pod template in a manifest
// (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod) — istio-init, istio-proxy,
// volumes, labels and the sidecar.istio.io/status annotation — and passes other objects
// through. Templates that opt out (sidecar.istio.io/inject: "false") are left alone. Pure.
//
// The stand-in injects as istioctl does from local configuration (--injectConfigFile), with no
// cluster to ask: IntoObject in pkg/kube/inject/inject.go then cannot read the nodes' kubelet
// versions, so it renders native sidecars only when ENABLE_NATIVE_SIDECARS is "true" in
// istioctl's environment ("auto", the default, means classic) — or when a template's own
// sidecar.istio.io/nativeSidecar annotation says "true"; "false" always gives the classic shape.
import { parseAllDocuments, stringify } from 'yaml';
import { injectSidecar, proxyImage, wantsNativeSidecar } from '../sidecar-injector.js';

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

function injectTemplate(template: Obj, image: string, nativeByDefault: boolean): void {
  const metadata = ((template.metadata as Obj | undefined) ?? (template.metadata = {})) as { labels?: Record<string, string>; annotations?: Record<string, string> };
  const spec = ((template.spec as Obj | undefined) ?? (template.spec = {})) as Obj;
  const containers = [...((spec.containers as Obj[] | undefined) ?? []), ...((spec.initContainers as Obj[] | undefined) ?? [])];
  if (metadata.annotations?.['sidecar.istio.io/inject'] === 'false' || metadata.labels?.['sidecar.istio.io/inject'] === 'false') return;
  if (containers.some((c) => c.name === 'istio-proxy')) return;
  injectSidecar({ metadata, spec }, { image, native: wantsNativeSidecar(metadata.annotations, nativeByDefault) });
}

/** `env` is istioctl's environment: only ENABLE_NATIVE_SIDECARS=true turns native sidecars on offline. */
export function kubeInject(manifest: string, version: string, env: Record<string, string | undefined> = {}): string {
  const image = proxyImage(version);
  const nativeByDefault = env['ENABLE_NATIVE_SIDECARS'] === 'true';
  const docs = parseAllDocuments(manifest).map((d) => d.toJS() as Obj | null).filter((d): d is Obj => !!d);
  return docs
    .map((doc) => {
      const template = podTemplate(doc);
      if (template) injectTemplate(template, image, nativeByDefault);
      return stringify(doc);
    })
    .join('---\n');
}
