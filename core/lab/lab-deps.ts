// What the plan's steps need from outside the cluster: the doctor, the managed kind and Istio
// downloads, and the kind and istioctl command lines. Steps take only the part they use
// (Pick<LabDeps, …>); createLabDeps wires the real ones, tests hand in fakes.

import type { AppError } from '../contract';
import type { LabImages } from '../images';
import type { IstioctlCli } from '../istio';
import type { KindCli } from '../kind';
import type { IstioRelease } from '../tools';
import type { LabConfig } from './lab-config';
import type { StepContext } from './plan-runner';

export interface LabDeps {
  /** Runs the doctor for these host ports; resolves with the failures that must stop the plan. */
  preflight(config: LabConfig, signal: AbortSignal, log: (line: string) => void): Promise<AppError | undefined>;
  ensureKind(config: LabConfig, context: StepContext): Promise<string>;
  ensureIstio(config: LabConfig, context: StepContext): Promise<IstioRelease>;
  kind(kindPath: string): KindCli;
  istioctl(istioctlPath: string): IstioctlCli;
  /** The host's Docker images and the kind nodes' (made on first use: only kind labs need Docker). */
  images(): LabImages;
}
