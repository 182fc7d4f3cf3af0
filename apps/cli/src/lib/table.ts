import Table from "cli-table3";

/** Renders rows as a plain table for terminals; no colours in borders so NO_COLOR output stays clean. */
export function renderTable(head: string[], rows: string[][]): string {
  const table = new Table({ head, style: { head: [], border: [] } });
  table.push(...rows);
  return table.toString();
}

/** Renders label/value pairs as a two-column table. */
export function renderPairs(pairs: [string, string][]): string {
  const table = new Table({ style: { head: [], border: [] } });
  for (const [label, value] of pairs) table.push({ [label]: value });
  return table.toString();
}
