import { expect, it } from 'vitest';
import {
  type ColumnSpec,
  columnNames,
  MEASUREMENT_SHAPE,
  RAW_PACKET_SHAPE,
  REALTIME_SHAPE,
  type RowShape,
} from '#store/ingest-row-shapes.ts';
import { packRows, unpackRows } from './ingest-batch-codec.ts';

// Issue 14, "row shapes defined once": the writer thread's codec carries every column of every ingest row shape.
// The rows are generated from the shapes, so a column added to a shape is covered here without editing this test.

type AnyShape = RowShape<Record<string, unknown>>;
const SHAPES = [RAW_PACKET_SHAPE, MEASUREMENT_SHAPE, REALTIME_SHAPE] as AnyShape[];
const spec = (shape: AnyShape, n: string) => shape.columns[n] as ColumnSpec;

/** A value of the column's type that differs per row `k` and column (so a mixed-up column shows). */
function sample(spec: ColumnSpec, k: number, c: number): unknown {
  switch (spec.type) {
    case 'int':
      return 1_767_225_600_000 + k * 1000 + c;
    case 'real':
      return k + c + 0.25;
    case 'text':
      return `v${k}-${c}-値`;
    case 'blob':
      return Buffer.from(`##${k}${c}`.repeat(k + 1));
    case 'bool':
      return k % 2 === 0;
  }
}

function rowsOf(shape: AnyShape) {
  const names = columnNames(shape);
  const full = (k: number) => Object.fromEntries(names.map((n, c) => [n, sample(spec(shape, n), k, c)]));
  // Optional columns null in one row and absent in another: both come back as null (false for a flag).
  const sparse = (k: number, absent: boolean) =>
    Object.fromEntries(
      names.flatMap((n, c) =>
        spec(shape, n).optional ? (absent ? [] : [[n, null]]) : [[n, sample(spec(shape, n), k, c)]],
      ),
    );
  return [full(0), sparse(1, false), full(2), sparse(3, true), full(4)];
}

const normalised = (shape: AnyShape, row: Record<string, unknown>) =>
  Object.fromEntries(
    columnNames(shape).map((n) => {
      const v = row[n] ?? null;
      if (spec(shape, n).type === 'bool') return [n, v === true];
      return [n, v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v];
    }),
  );

for (const shape of SHAPES) {
  it(`round-trips every column of the ${shape.name} shape through the writer thread's codec`, () => {
    const rows = rowsOf(shape);
    const back = unpackRows(shape, structuredClone(packRows(shape, rows)));
    expect(back.map((r) => normalised(shape, r))).toEqual(rows.map((r) => normalised(shape, r)));
    expect(unpackRows(shape, packRows(shape, []))).toEqual([]);
  });
}
