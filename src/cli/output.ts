import { csvText } from '#contract/csv-cell.ts';

/** One renderer for every report: JSON for machines, a table for people, CSV for Excel. */
export type OutputFormat = 'json' | 'table' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'table', 'csv'];

export interface Printable {
  /** The full result, printed as is with --format json. */
  json: unknown;
  /** The tabular view used by --format table and csv. */
  rows: Record<string, unknown>[];
  /** Column order (defaults to the keys of the first row). */
  columns?: string[];
  /** A title printed above the table (not in CSV). */
  title?: string;
  /** Lines printed below the table (not in CSV), e.g. a report's notes. */
  footer?: string[];
}

export function render(data: Printable, format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(data.json, null, 2)}\n`;
  const columns = data.columns ?? Object.keys(data.rows[0] ?? {});
  const cells = data.rows.map((row) => columns.map((c) => cellText(row[c])));
  if (format === 'csv') return toCsv(columns, cells);
  const table = toTable(columns, cells);
  const footer = data.footer?.length ? `${data.footer.join('\n')}\n` : '';
  return `${data.title ? `${data.title}\n` : ''}${table}${footer}`;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(cellText).join('/');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** With a BOM (Excel opens UTF-8 Chinese text correctly) and formula starts defused (csv-cell.ts). */
function toCsv(columns: string[], cells: string[][]): string {
  return csvText([columns, ...cells]);
}

/** Display width: CJK and full-width characters take two terminal columns. */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function toTable(columns: string[], cells: string[][]): string {
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c), ...cells.map((r) => displayWidth(r[i] ?? ''))),
  );
  const pad = (s: string, w: number) => s + ' '.repeat(w - displayWidth(s));
  const line = (r: string[]) =>
    r
      .map((s, i) => pad(s, widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return `${[line(columns), rule, ...cells.map(line)].join('\n')}\n`;
}
