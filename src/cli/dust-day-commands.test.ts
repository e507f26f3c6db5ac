import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { listAudit } from '#store/audit-log.repository.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { openDb } from '#store/open-db.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';
import { runQingshan } from '../test-support/run-cli.ts';

// `qingshan air dust-days --import file.csv`: the real CLI in a child process against a SQLite file.
const DB = tempDbPath();
const dir = join(DB, '..');
const qingshan = (...args: string[]) => runQingshan(['--db', DB, ...args]);

beforeAll(async () => {
  const db = await openDb(DB);
  await migrateToLatest(db.db);
  await db.close();
});

it('refuses a file with bad lines, naming each by number, and writes nothing', async () => {
  const file = join(dir, 'bad-days.csv');
  writeFileSync(
    file,
    'date,kind,notice_ref\n2026-03-15,sand_dust,豫环办〔2026〕5号\n2026-02-30,sand_dust,X\n',
  );
  const r = await qingshan('air', 'dust-days', '--import', file, '--by', '张三');
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('line 3');
  expect(r.stderr).toContain('nothing imported');
  const list = await qingshan('air', 'dust-days', '--format', 'json');
  expect(JSON.parse(list.stdout)).toEqual([]);
});

it('imports a good file, lists the days and audits each with the file named', async () => {
  const file = join(dir, 'days.csv');
  writeFileSync(
    file,
    'date,kind,notice_ref,note\n2026-03-15,sand_dust,豫环办〔2026〕5号,沙尘过程\n2026-04-02,exceptional,豫环办〔2026〕9号,\n',
  );
  const r = await qingshan('air', 'dust-days', '--import', file, '--by', '张三', '--format', 'json');
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain('imported 2 day(s)');
  const rows = JSON.parse(r.stdout) as { date: string; kind: string; notice_ref: string }[];
  expect(rows.map((x) => [x.date, x.kind, x.notice_ref])).toEqual([
    ['2026-03-15', 'sand_dust', '豫环办〔2026〕5号'],
    ['2026-04-02', 'exceptional', '豫环办〔2026〕9号'],
  ]);
  const db = await openDb(DB);
  const audit = await listAudit(db.db);
  await db.close();
  expect(audit.map((a) => [a.actor, a.entity, a.entity_id, a.origin]).sort()).toEqual([
    ['张三', 'dust_day', '2026-03-15', `cli import ${file}`],
    ['张三', 'dust_day', '2026-04-02', `cli import ${file}`],
  ]);
});
