import type { Kysely } from 'kysely';
import type { Database } from '#store/database.ts';
import { outboxHead } from '#store/outbox.repository.ts';

/**
 * Wait until every committed outbox row is final (readable by a cursor): on a PostgreSQL server shared with other
 * sessions, one of their open transactions can hold the snapshot's xmin back for a moment (xids are cluster-wide).
 * Immediate on SQLite.
 */
export async function waitOutboxFinal(db: Kysely<Database>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const newest = await db
      .selectFrom('outbox')
      .select(['tx', 'id'])
      .orderBy('tx', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const head = await outboxHead(db);
    if (!newest || (Number(newest.tx) === head.tx && Number(newest.id) === head.id)) return;
    if (Date.now() - started > timeoutMs) throw new Error('outbox rows not final in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
