/**
 * Split one CSV line (RFC 4180 quoting: "a,b" and "" for a quote inside quotes). Quoted fields may not span
 * lines — our formats never need that — so an unterminated quote is an error. Returns the cells or a reason.
 */
export function splitCsvLine(line: string): string[] | { error: string } {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let i = 0;
  while (true) {
    if (line[i] === '"') {
      let cell = '';
      i++;
      while (true) {
        const close = line.indexOf('"', i);
        if (close < 0) return { error: 'unterminated quoted field' };
        cell += line.slice(i, close);
        if (line[close + 1] === '"') {
          cell += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      cells.push(cell);
      if (i === line.length) return cells;
      if (line[i] !== ',') return { error: `unexpected character after closing quote at column ${i + 1}` };
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      const cell = line.slice(i, end);
      if (cell.includes('"')) return { error: `stray quote in unquoted field at column ${i + 1}` };
      cells.push(cell);
      if (comma < 0) return cells;
      i = comma + 1;
    }
    if (i === line.length) {
      cells.push('');
      return cells;
    }
  }
}

/** Stream a file's lines in chunks: 1-based line numbers, CR/LF and a UTF-8 BOM removed. */
export async function* readLines(
  chunks: AsyncIterable<string>,
): AsyncGenerator<{ lines: string[]; firstLineNo: number }> {
  let rest = '';
  let lineNo = 1;
  let first = true;
  for await (const chunk of chunks) {
    let text = rest + chunk;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (let k = 0; k < lines.length; k++) {
      const l = lines[k] as string;
      if (l.endsWith('\r')) lines[k] = l.slice(0, -1);
    }
    yield { lines, firstLineNo: lineNo };
    lineNo += lines.length;
  }
  if (rest.endsWith('\r')) rest = rest.slice(0, -1);
  if (rest !== '') yield { lines: [rest], firstLineNo: lineNo };
}
