// Columns padded to their widest cell, three spaces apart, the last one left ragged — the shape of
// `kubectl get` tables, shared by every command that prints rows (labs, shift, workshop).

export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('   ').trimEnd()).join('\n');
}
