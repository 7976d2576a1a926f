// What the plan's steps share during one run, as one typed object instead of closure variables:
// the lab's config (fixed for the run), the kind binary and the Istio release the tool steps
// resolve, and the cluster's clients. Each field names its one writer; close() releases the
// clients, which the run made on first use and owns.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../contract';
import { readBookinfo, type BookinfoObjects } from '../bookinfo';
import { createKubeClients, type ApplyResult, type KubeClients } from '../kube';
import type { ImageNeed } from '../images';
import type { IstioRelease } from '../tools';
import { BOOKINFO_NAMESPACE, type LabConfig } from './lab-config';
import { LedgerWriter, type InstalledPart } from './lab-ledger';

export class LabRun {
  /** The lab is on the user's own cluster (`--context`): no kind, no cluster to create. */
  readonly ownCluster: boolean;
  /** Written by the kind step; the cluster and kubeconfig steps run kind from here. */
  kindPath?: string;
  /** Written by the istio-release step; the steps that install from the release read it. */
  release?: IstioRelease;
  /** Written by the node-image step: the node image as the host's Docker names it, for kind. */
  nodeImage?: string;
  /** Written by the first image step that asks (from what the lab applies); the others share it. */
  images?: Promise<ImageNeed[]>;
  /**
   * Written by the istio step when istiod is ready while `istioctl install` goes on (it still
   * waits for the gateways); the istio-gateways step waits for it, or stops it on a stall.
   */
  istioInstall?: { finished: Promise<void>; stop(): void };
  /** On the user's own cluster: where the steps note what they installed, for `down`. */
  readonly installed: LedgerWriter | undefined;
  private clients?: KubeClients;

  constructor(readonly config: LabConfig) {
    this.ownCluster = config.provider === 'context';
    this.installed = this.ownCluster ? new LedgerWriter(config.labDir) : undefined;
  }

  /** An applyObjects onProgress that notes each object the apply created (on the user's own cluster). */
  noteCreated(part: InstalledPart): { onProgress?: (done: number, total: number, result: ApplyResult) => void } {
    const ledger = this.installed;
    return ledger ? { onProgress: (_done, _total, result) => void ledger.created(part, [result]) } : {};
  }

  /** The cluster's clients, made on first use (the cluster may not exist when the run starts). */
  kube(): KubeClients {
    this.clients ??= createKubeClients({ kubeconfig: this.config.kubeconfigPath, context: this.config.context });
    return this.clients;
  }

  /** Drops the clients after the kubeconfig changed (a new or reconnected cluster has a new server and certificates). */
  refreshKube(): void {
    this.clients?.close();
    this.clients = undefined;
  }

  needKindPath(): string {
    if (!this.kindPath) throw new AppError('INTERNAL', 'kind is not ready yet.');
    return this.kindPath;
  }

  needRelease(): IstioRelease {
    if (!this.release) throw new AppError('INTERNAL', 'The Istio release is not ready yet.');
    return this.release;
  }

  /** Bookinfo's objects from the release's samples, placed in the lab's Bookinfo namespace. */
  readBookinfo(): Promise<BookinfoObjects> {
    return readBookinfo(join(this.needRelease().samplesDir, 'bookinfo'), { namespace: BOOKINFO_NAMESPACE });
  }

  /** Writes one of the lab's own files (kind config, Istio overlay) under its lab dir; resolves with its path. */
  async writeLabFile(name: string, text: string): Promise<string> {
    const path = join(this.config.labDir, name);
    await mkdir(this.config.labDir, { recursive: true, mode: 0o700 });
    await writeFile(path, text);
    return path;
  }

  close(): void {
    this.clients?.close();
  }
}
