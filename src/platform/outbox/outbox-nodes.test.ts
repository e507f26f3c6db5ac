import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDevice, updateDevice } from '#services/device-admin.service.ts';
import { createLiveHub, type LiveMessage } from '#services/live-hub.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { type Db, openDb } from '#store/open-db.ts';
import { commitIngestBatch } from '#store/receiver-batch.repository.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { TEST_PG_URL } from '#store/test-engines.ts';
import { startHj212Receiver } from '../../receiver/tcp-server.ts';
import { EVERY_SITE } from '../../test-support/every-site.ts';
import { createOutboxRunner, type OutboxRunner } from './outbox-runner.ts';
import { memoryLogger, waitFor } from './outbox-test-support.ts';

/**
 * Two nodes on one PostgreSQL database (two pools, two runners), as two `qingshan serve` processes would be:
 * what one node writes reaches the other through the outbox alone — no shared memory, no bus.
 */
describe('outbox across nodes (PostgreSQL)', () => {
  let schema: string;
  let a: Db;
  let b: Db;
  const closers: (() => Promise<void>)[] = [];
  const runnerOn = (db: Db, nodeId: string): OutboxRunner => {
    const r = createOutboxRunner({ db, log: memoryLogger(), nodeId, pollMs: 10_000 });
    closers.push(() => r.stop());
    return r;
  };

  beforeEach(async () => {
    schema = `t_${process.pid}_${randomBytes(5).toString('hex')}`;
    a = await openDb(TEST_PG_URL, { schema, poolSize: 4 });
    await migrateToLatest(a.db);
    b = await openDb(TEST_PG_URL, { schema, poolSize: 4 });
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await b.close();
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(a.db);
    await a.close();
  });

  it('a logger registered by another process is known to the receiver within the wake latency', async () => {
    await upsertSite(a.db, { code: 'N1', name: '站', kind: 'air_station' });
    const receiver = await startHj212Receiver({
      db: a,
      log: memoryLogger(),
      host: '127.0.0.1',
      port: 0,
      outbox: runnerOn(a, 'a'),
      limits: { healthCheckMs: 3_600_000 },
    });
    closers.push(() => receiver.close());
    // Node b (the CLI, say): no bus to node a's receiver.
    const started = Date.now();
    await registerDevice(b.db, { mn: 'NODE-MN1', siteCode: 'N1' }, { actor: 'cli', visibleTo: EVERY_SITE });
    await waitFor(() => receiver.registry.get('NODE-MN1') !== undefined, 'the registration', 3_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    await updateDevice(b.db, 'NODE-MN1', { enabled: false }, { actor: 'cli', visibleTo: EVERY_SITE });
    await waitFor(() => receiver.registry.get('NODE-MN1')?.enabled === false, 'the update', 3_000);
    // The event carries the MN and the kind of change, never the password or key.
    const rows = await a.db
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'device.registry_changed')
      .execute();
    expect(rows.map((r) => JSON.parse(r.payload))).toEqual([
      { mn: 'NODE-MN1', change: 'created' },
      { mn: 'NODE-MN1', change: 'updated' },
    ]);
  });

  it('a packet received by one node shows on a dashboard connected to another', async () => {
    const site = await upsertSite(a.db, { code: 'N2', name: '站', kind: 'air_station' });
    const hub = createLiveHub({
      db: b,
      log: memoryLogger(),
      now: Date.now,
      isReady: () => true,
      outbox: runnerOn(b, 'b'),
    });
    closers.push(() => hub.stop());
    const messages: LiveMessage[] = [];
    hub.subscribe((m) => messages.push(m));
    await new Promise((r) => setTimeout(r, 300)); // the hub's consumer has fixed its start
    const at = Date.now();
    // Node a's receiver commits a logger coming back online (its ingest transaction writes the outbox row).
    await commitIngestBatch(a.db, {
      raw: [],
      measurements: [],
      statuses: [],
      events: [],
      outbox: [
        {
          topic: 'device.online',
          at,
          subject: 'MN-X',
          payload: { mn: 'MN-X', siteId: site.id, at, offlineSince: null },
        },
      ],
    });
    await waitFor(() => messages.length === 1, 'the device message on node b', 3_000);
    expect(messages[0]).toMatchObject({
      type: 'device',
      data: { kind: 'device_online', mn: 'MN-X', site: 'N2', at },
    });
  });
});
