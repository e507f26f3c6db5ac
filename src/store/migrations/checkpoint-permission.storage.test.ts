import { expect, it } from 'vitest';
import { forEachEngine } from '../test-engines.ts';
import { down, up } from './0010-checkpoint-permission.ts';

forEachEngine('migration 0010: audit:checkpoint for the office administrator', (current) => {
  it('grants it once to a role seeded before it existed, keeps the rest, and takes it back on down', async () => {
    const { db } = current();
    const permissions = async () =>
      JSON.parse(
        (
          await db
            .selectFrom('roles')
            .select('permissions')
            .where('id', '=', 'office-admin')
            .executeTakeFirstOrThrow()
        ).permissions,
      ) as string[];
    // A database from before: as 0003 seeded it then, plus an edit of the administrator's own.
    const before = ['air:read', 'users:admin', 'audit:read', 'custom:x'];
    await db
      .updateTable('roles')
      .set({ permissions: JSON.stringify(before) })
      .where('id', '=', 'office-admin')
      .execute();
    await up(db);
    await up(db);
    expect(await permissions()).toEqual([...before, 'audit:checkpoint']);
    await down(db);
    expect(await permissions()).toEqual(before);
    // Other roles are not touched.
    expect(
      (
        await db
          .selectFrom('roles')
          .select('permissions')
          .where('id', '=', 'leader')
          .executeTakeFirstOrThrow()
      ).permissions,
    ).not.toContain('audit:checkpoint');
  });
});
