// What the faces ask of the lab: bring it up, read its status, reset
// its routing, take it down, and list the user's kube contexts to pick from. The dispatcher
// and the CLI talk to this interface; createLabService wires it to kind, Istio and the cluster.

import type { ImagesReportInfo, KubeContextInfo, LabOptionsInfo, LabRemovalInfo, LabStatusInfo, LabSummaryInfo, TaskInfo } from '../contract';

/** Where the lab's cluster and Bookinfo are, for the features that work on a lab (traffic, logs, shell). */
export interface LabTarget {
  kubeconfigPath: string;
  context: string;
  /** Bookinfo's namespace. */
  namespace: string;
  /** Bookinfo's product page through the ingress gateway on the host. */
  bookinfoUrl: string;
}

export interface LabService {
  up(options: LabOptionsInfo): TaskInfo;
  status(selector: { name?: string; context?: string }): Promise<LabStatusInfo>;
  down(selector: { name?: string; context?: string }): TaskInfo;
  /** What down would remove (and keep) for the lab; changes nothing. */
  removal(selector: { name?: string; context?: string }): Promise<LabRemovalInfo>;
  /** The labs this data folder knows, with their state. */
  list(): Promise<LabSummaryInfo[]>;
  /** Makes a known lab the current one; refuses a lab this data folder does not know. */
  select(selector: { name?: string; context?: string }): Promise<LabSummaryInfo>;
  /** Puts Bookinfo's routing back to how `up` left it (a `lab-reset` task); the cluster stays. */
  reset(selector: { name?: string; context?: string }): TaskInfo;
  /** The contexts of the user's kubeconfig (read-only; names and server URLs, no credentials). */
  contexts(): Promise<KubeContextInfo[]>;
  /** The remembered lab (or the one named) as a target for traffic, logs and shells. */
  target(selector?: { name?: string; context?: string }): Promise<LabTarget>;
  /** The samples folder of the lab's Istio release (downloaded if missing): where the curl client's manifest comes from. */
  samplesDir?(selector?: { name?: string; context?: string }): Promise<string>;
  /** Every image the lab needs, with host and node presence (images.list); changes nothing. */
  images?(selector: { name?: string; context?: string; istioVersion?: string }): Promise<ImagesReportInfo>;
}
