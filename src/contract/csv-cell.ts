/**
 * One CSV cell for every CSV the platform writes (dashboard export, CLI --format csv, the audit CSV in the web
 * app): quoted when it holds a quote, comma or line break (RFC 4180), and defused when a spreadsheet would run
 * it as a formula (OWASP "CSV injection"): text starting with =, +, -, @, tab or CR gets a leading apostrophe,
 * which Excel, WPS and LibreOffice show as text and do not print.
 *
 * Numbers stay numbers: a number cell (typeof number), or text that is exactly a decimal number such as -3.5
 * or +2e-3, is written as it is. A spreadsheet reads those as numbers, never as formulas (a formula needs an
 * operator or a name after the sign), and a prefix would turn a legitimate negative value into text.
 * No zod here: the web app imports this at run time.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The text a spreadsheet is safe to open: formula starts defused, plain numbers kept. */
export function defuseCsvText(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One cell, defused and quoted as needed; null and undefined are empty. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : defuseCsvText(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV for Excel and WPS: UTF-8 with a byte-order mark (Chinese text opens intact), CRLF lines. */
export function csvText(rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
