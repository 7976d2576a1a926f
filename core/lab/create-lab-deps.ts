// The real LabDeps: the doctor as preflight (and which of its findings stop the plan), MeshDeck's
// managed kind and Istio downloads with their progress shown on the step, and the kind and
// istioctl command lines through the one exec helper.

import { AppError, type DoctorReportInfo } from '../contract';
import { runDoctor, type DoctorDeps } from '../doctor';
import { createDockerEndpoint } from '../docker';
import { exec } from '../exec';
import { createLabImages, type ImagePins, type LabImages } from '../images';
import { istioctlCli } from '../istio';
import { kindCli } from '../kind';
import { ensureIstio, ensureKind, type ToolProgressEvent } from '../tools';
import { offlineError, offlineMissing, readPinnedImages, type OfflineInputs } from '../kit';
import { kitImages } from '../kit/kit-images';
import type { LabConfig } from './lab-config';
import type { LabDeps } from './lab-deps';
import type { StepContext } from './plan-runner';

export interface LabDepsOptions {
  dataDir: string;
  mirror: string;
  platform: NodeJS.Platform;
  arch: string;
  env: NodeJS.ProcessEnv;
  doctorDeps: (ports: number[]) => DoctorDeps;
  /** Pins of digest-pinned images a kit loaded (core/kit readPinnedImages), so the host finds them. */
  imagePins?: () => Promise<ImagePins> | ImagePins;
}

export function describeToolProgress(event: ToolProgressEvent): { detail: string; percent: number | null } {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  if (event.phase === 'download') {
    const total = event.bytesTotal;
    return total ? { detail: `Downloading ${event.file}: ${mb(event.bytesDone)} of ${mb(total)} MB`, percent: Math.round((event.bytesDone / total) * 100) } : { detail: `Downloading ${event.file}: ${mb(event.bytesDone)} MB`, percent: null };
  }
  return { detail: event.phase === 'verify' ? `Verifying ${event.file} (SHA-256)` : `Unpacking ${event.file}`, percent: null };
}

/**
 * The doctor finding that stops the plan, as the error to show, or undefined. Tools are fetched by
 * their own steps; anything else that fails, or a taken port, stops the plan before anything is created.
 */
export function preflightFailure(report: DoctorReportInfo): AppError | undefined {
  const blocking = report.findings.find((f) => f.status === 'fail' && f.id !== 'kind' && f.id !== 'istioctl') ?? report.findings.find((f) => f.code === 'PORT_IN_USE');
  if (!blocking) return undefined;
  const advice = blocking.code === 'PORT_IN_USE' ? `${blocking.advice ?? ''} Choose other ports with --http-port/--https-port (or the Options in the app).` : (blocking.advice ?? '');
  return new AppError(blocking.code ?? 'INVALID_ARGUMENT', `${blocking.summary} ${advice}`.trim(), { check: blocking.id });
}

function offlineInputs(options: LabDepsOptions, config: LabConfig, signal: AbortSignal): OfflineInputs {
  const base = { dataDir: options.dataDir, mirror: options.mirror, platform: options.platform, arch: options.arch, offline: true };
  // One client for the offline check's inventory and its look at the host.
  let made: ReturnType<typeof kitImages> | undefined;
  const images = () => (made ??= kitImages({ docker: createDockerEndpoint(options.env).client, env: options.env, arch: options.arch, dataDir: options.dataDir, nodeImage: config.nodeImage, tools: () => ({ ...base, version: config.istioVersion }) }));
  return {
    ...base,
    istioVersion: config.istioVersion,
    ...(config.kindPath ? { ownKind: true } : {}),
    inventory: () => images().inventory(signal),
    hostLacks: async (refs) => {
      const found = await images().inspect(refs);
      return refs.filter((ref) => !found.get(ref));
    },
  };
}

export function createLabDeps(options: LabDepsOptions): LabDeps {
  const toolOptions = (context: StepContext, offline: boolean) => ({
    dataDir: options.dataDir,
    offline,
    mirror: options.mirror,
    platform: options.platform,
    arch: options.arch,
    signal: context.signal,
    log: context.log,
    onProgress: (event: ToolProgressEvent) => {
      const { detail, percent } = describeToolProgress(event);
      context.progress(detail, percent);
    },
  });
  let images: LabImages | undefined;
  return {
    preflight: async (config, signal, log) => {
      // Offline, what is missing is said before the doctor and before anything is created.
      if (config.offline) {
        const missing = await offlineMissing(offlineInputs(options, config, signal));
        if (missing.length > 0) return offlineError(missing);
        log('Offline: kind, the Istio release, the Gateway API CRDs and every image are here.');
      }
      const report = await runDoctor({ ...options.doctorDeps([config.httpPort, config.httpsPort]), labClusterName: config.name }, signal, {
        onFinding: (finding) => log(`${finding.status.toUpperCase().padEnd(7)} ${finding.title}: ${finding.summary}`),
      });
      return preflightFailure(report);
    },
    ensureKind: (config, context) => ensureKind({ ...toolOptions(context, config.offline), ...(config.kindPath ? { kindPath: config.kindPath } : {}) }),
    ensureIstio: (config, context) => ensureIstio({ ...toolOptions(context, config.offline), version: config.istioVersion, ...(config.istioctlPath ? { istioctlPath: config.istioctlPath } : {}) }),
    kind: (kindPath) => kindCli({ kindPath, exec, env: options.env }),
    istioctl: (istioctlPath) => istioctlCli({ istioctlPath, exec, env: options.env }),
    // The kit's pins by default: a digest-pinned image loaded from a kit is found without its digest.
    images: () => {
      if (images) return images;
      const endpoint = createDockerEndpoint(options.env);
      return (images = createLabImages(endpoint.client, options.arch, { endpoint: endpoint.description, pins: options.imagePins ?? (() => readPinnedImages(options.dataDir)) }));
    },
  };
}
