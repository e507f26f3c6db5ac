import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from './audit-log.repository.ts';
import { forEachEngine } from './test-engines.ts';

forEachEngine('storage: hash-chained audit trail', (current) => {
  it('verifies an untouched trail, including appends made concurrently', async () => {
    const { db } = current();
    await appendAudit(db, {
      actor: '张三',
      action: 'mark',
      entity: 'dust_day',
      entityId: '2025-04-02',
      origin: 'cli',
      after: { note: '沙尘' },
    });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendAudit(db, {
          actor: `user${i}`,
          action: 'update',
          entity: 'site',
          entityId: String(i),
          before: { n: i },
          after: { n: i + 1 },
        }),
      ),
    );
    expect(await verifyAuditChain(db, 7)).toMatchObject({ ok: true, count: 21 });
  });

  it('names the first row whose content was changed behind the application', async () => {
    const { db } = current();
    for (let i = 0; i < 5; i++)
      await appendAudit(db, { actor: 'a', action: 'x', entity: 'e', entityId: String(i) });
    const ids = (await db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) =>
      Number(r.id),
    );
    await sql`update audit_log set actor = 'mallory' where id = ${ids[2]}`.execute(db);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, count: 2, firstBroken: { id: ids[2] } });
  });

  it('notices rows deleted from the middle and from the end', async () => {
    const { db } = current();
    for (let i = 0; i < 4; i++)
      await appendAudit(db, { actor: 'a', action: 'x', entity: 'e', entityId: String(i) });
    const ids = (await db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) =>
      Number(r.id),
    );
    await sql`delete from audit_log where id = ${ids[3]}`.execute(db);
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      firstBroken: { reason: expect.stringMatching(/removed/) },
    });
    await sql`delete from audit_log where id = ${ids[1]}`.execute(db);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBroken: { id: ids[2] } });
  });
});
