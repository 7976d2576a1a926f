// Reads one YAML file of a pack with its positions kept, so that a problem found later (by ajv,
// by the loader) names its line, column and field. Pure: the text comes in, problems go out.
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { WorkshopProblemInfo } from '../contract/workshop';

export interface PackYaml {
  file: string;
  value: unknown;
  /** The problem at a path of this document: the node's position when it exists, else its nearest parent's. */
  problemAt(path: readonly (string | number)[], message: string, key?: string): WorkshopProblemInfo;
}

/** lessons[6].tasks[0].check[1].kind */
export function fieldName(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function nodeAt(doc: Document, path: readonly (string | number)[], key?: string): Node | undefined {
  let node: unknown = doc.contents;
  for (const step of path) {
    if (isMap(node)) node = node.get(step, true);
    else if (isSeq(node) && typeof step === 'number') node = node.get(step, true);
    else return undefined;
    if (node === undefined) return undefined;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
    if (pair?.key) return pair.key as Node;
  }
  return node as Node;
}

/** Parses `text` (the file `file` of the pack); a YAML error is the only problem then. */
export function readPackYaml(file: string, text: string): { yaml: PackYaml; problems: WorkshopProblemInfo[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): { line: number; column: number } => {
    if (offset === undefined) return { line: 0, column: 0 };
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const yaml: PackYaml = {
    file,
    value: doc.errors.length ? undefined : doc.toJS(),
    problemAt(path, message, key) {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = nodeAt(doc, path.slice(0, depth), depth === path.length ? key : undefined);
        if (node?.range) return { file, ...at(node.range[0]), field: fieldName(key === undefined ? path : [...path, key]), message };
      }
      return { file, line: 1, column: 1, field: fieldName(path), message };
    },
  };
  const problems = doc.errors.map((error) => ({ file, ...at(error.pos[0]), field: '', message: `Not valid YAML: ${error.message.split('\n')[0] ?? 'YAML error'}` }));
  return { yaml, problems };
}
