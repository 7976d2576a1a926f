// The Setup screen's list of labs, as pure functions: when it shows (only when there is a choice:
// more than one lab known), how a lab's state reads in words, and which selector names it.

import type { LabOptionsInfo, LabSummaryInfo } from '../../../core/contract';

/** The list is only worth showing when there is a choice to make. */
export function showLabList(labs: readonly LabSummaryInfo[]): boolean {
  return labs.length > 1;
}

const STATE_WORDS: Record<LabSummaryInfo['state'], string> = { running: 'Running', unreachable: 'Not answering', absent: 'Gone' };

export function labStateWord(state: LabSummaryInfo['state']): string {
  return STATE_WORDS[state];
}

/** One lab's key among the others (a name and a context together are unique). */
export function labKey(lab: Pick<LabSummaryInfo, 'name' | 'context'>): string {
  return `${lab.name}@${lab.context}`;
}

/** How lab.select (and lab.status) name this lab. */
export function selectorOfLab(lab: Pick<LabSummaryInfo, 'name' | 'context' | 'provider'>): { name: string } | { name: string; context: string } {
  return lab.provider === 'context' ? { name: lab.name, context: lab.context } : { name: lab.name };
}

/** The Setup card's options for a lab picked from the list: the lab, with the ports and version it has (so the card says them and "Create" repeats them). */
export function optionsOfLab(lab: Pick<LabSummaryInfo, 'name' | 'context' | 'provider' | 'httpPort' | 'httpsPort' | 'istioVersion'>): LabOptionsInfo {
  const options: LabOptionsInfo = lab.provider === 'context' ? { context: lab.context } : { name: lab.name };
  if (lab.istioVersion !== undefined) options.istioVersion = lab.istioVersion;
  if (lab.httpPort !== undefined) options.httpPort = lab.httpPort;
  if (lab.httpsPort !== undefined) options.httpsPort = lab.httpsPort;
  return options;
}

/** Where the lab is, in a few words: "kind cluster" or "your cluster (context team)". */
export function labWhere(lab: Pick<LabSummaryInfo, 'provider' | 'context'>): string {
  return lab.provider === 'kind' ? `kind cluster · ${lab.context}` : `your cluster · ${lab.context}`;
}

/** The current lab first, then by name. */
export function orderLabs(labs: readonly LabSummaryInfo[]): LabSummaryInfo[] {
  return [...labs].sort((a, b) => Number(b.current) - Number(a.current) || a.name.localeCompare(b.name));
}
