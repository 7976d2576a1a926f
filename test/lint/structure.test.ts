// Structure rules a reader relies on: no source file over 400 lines and no function over 80
// lines unless the comment above it says why ("Long because …"). Test bodies (describe/it
// callbacks) are exempt from the function rule; their files are not exempt from the file rule.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/built-cli';

const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;
const REASON = /Long because\b/;

function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx', '*.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  return listed.split('\n').filter((file) => file && !file.endsWith('.d.ts'));
}

const isTestFile = (file: string) => /\.(test|spec)\.tsx?$/.test(file);

/** The comments right above a function, or above the statement or property that holds it. */
function leadingComments(node: ts.Node, text: string): string {
  let holder: ts.Node = node;
  while (holder.parent && (ts.isVariableDeclaration(holder.parent) || ts.isVariableDeclarationList(holder.parent) || ts.isVariableStatement(holder.parent) || ts.isPropertyAssignment(holder.parent) || ts.isExportAssignment(holder.parent))) holder = holder.parent;
  const ranges = ts.getLeadingCommentRanges(text, holder.getFullStart()) ?? [];
  return ranges.map((range) => text.slice(range.pos, range.end)).join('\n');
}

function functionName(node: ts.SignatureDeclaration): string {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))) return parent.name.getText();
  return '(anonymous)';
}

export function longFunctions(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = lineOf(node.getStart(source));
      const length = lineOf(node.end) - first + 1;
      if (length > MAX_FUNCTION_LINES && !REASON.test(leadingComments(node, text))) found.push(`${file}:${first} ${functionName(node)} is ${length} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('structure', () => {
  const files = sourceFiles();

  it(`keeps every source file at ${MAX_FILE_LINES} lines or fewer`, () => {
    const long = files
      .map((file) => ({ file, lines: readFileSync(join(repoRoot, file), 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > MAX_FILE_LINES)
      .map(({ file, lines }) => `${file} is ${lines} lines`);
    expect(long).toEqual([]);
  });

  it(`keeps functions at ${MAX_FUNCTION_LINES} lines or fewer, or says why above them`, () => {
    const long = files.filter((file) => !isTestFile(file)).flatMap((file) => longFunctions(file, readFileSync(join(repoRoot, file), 'utf8')));
    expect(long).toEqual([]);
  });

  it('measures what it claims: a long function without a reason is found, one with a reason is not', () => {
    const body = Array.from({ length: 90 }, (_, index) => `  const v${index} = ${index};`).join('\n');
    expect(longFunctions('x.ts', `export function big() {\n${body}\n}\n`)).toEqual(['x.ts:1 big is 92 lines']);
    expect(longFunctions('x.ts', `// Long because the table reads best in one place.\nexport const big = () => {\n${body}\n};\n`)).toEqual([]);
  });
});
