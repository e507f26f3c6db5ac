import type { Kysely, Selectable } from 'kysely';
import type { Database } from './database.ts';

/** The hash-chained tables, read in chain (id) order. */
type ChainedTable = 'audit_log' | 'raw_packets';

/** Every row of `table` in id order, a page at a time, so verifying a chain of millions never loads it whole. */
export async function* pagesById<T extends ChainedTable>(
  db: Kysely<Database>,
  table: T,
  pageSize: number,
): AsyncGenerator<Selectable<Database[T]>[]> {
  // No lower bound on the first page: a row slipped in with a zero or negative id is read too.
  let afterId: number | undefined;
  for (;;) {
    let query = db.selectFrom(table as ChainedTable).selectAll();
    if (afterId !== undefined) query = query.where('id', '>', afterId);
    const rows = (await query.orderBy('id').limit(pageSize).execute()) as Selectable<Database[T]>[];
    const last = rows.at(-1) as { id: number | string } | undefined;
    if (last === undefined) return;
    yield rows;
    afterId = Number(last.id);
  }
}
