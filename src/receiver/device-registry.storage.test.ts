/**
 * The registry applies pushed changes at once (issue 13), keeps them over a full reload whose snapshot predates
 * them, and re-reads an MN when a change arrives without the device (the cross-node outbox seam). Both engines.
 */
import { expect, it } from 'vitest';
import { memoryLogger } from '#services/logger.ts';
import { findDevice, upsertDevice } from '#store/devices.repository.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { forEachEngine } from '#store/test-engines.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { createDeviceRegistry } from './device-registry.ts';

forEachEngine('device registry pushes', (current) => {
  it('applies a pushed device before the next lookup, and a removal', async () => {
    const db = current().db;
    const site = await upsertSite(db, { code: 'R1', name: '站', kind: 'air_station' });
    const registry = await createDeviceRegistry(db, { log: memoryLogger('error') });
    expect(registry.get('MN1')).toBeUndefined();
    await upsertDevice(db, { mn: 'MN1', siteId: site.id, password: 'p', factors: [] });
    const device = await findDevice(db, EVERY_SITE, 'MN1');
    const applied = registry.apply({ mn: 'MN1', at: 1, change: 'created', device: device ?? null });
    // Synchronous when the device travels along: known before any await.
    expect(registry.get('MN1')?.mn).toBe('MN1');
    await applied;
    await registry.apply({ mn: 'MN1', at: 2, change: 'removed', device: null });
    expect(registry.get('MN1')).toBeUndefined();
  });

  it('keeps a change pushed while a full reload reads an older snapshot', async () => {
    const db = current().db;
    const site = await upsertSite(db, { code: 'R2', name: '站', kind: 'air_station' });
    const registry = await createDeviceRegistry(db, { log: memoryLogger('error') });
    const reloading = registry.reload(); // its read may predate the device below
    await upsertDevice(db, { mn: 'MN2', siteId: site.id, password: 'p', factors: [] });
    await registry.apply({
      mn: 'MN2',
      at: 1,
      change: 'created',
      device: (await findDevice(db, EVERY_SITE, 'MN2')) ?? null,
    });
    await reloading;
    expect(registry.get('MN2')?.password).toBe('p');
  });

  it('re-reads the MN when the change carries no device (an event from another node)', async () => {
    const db = current().db;
    const site = await upsertSite(db, { code: 'R3', name: '站', kind: 'air_station' });
    const registry = await createDeviceRegistry(db, { log: memoryLogger('error') });
    await upsertDevice(db, {
      mn: 'MN3',
      siteId: site.id,
      password: 'p',
      encryptionRequired: true,
      factors: [],
    });
    await registry.apply({ mn: 'MN3', at: 1, change: 'created' });
    expect(registry.get('MN3')).toMatchObject({ mn: 'MN3', encryptionRequired: true });
  });
});
