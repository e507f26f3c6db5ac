/**
 * The device-admin service announces each committed change on the platform bus (issue 13), audits the HJ 212-2025
 * encryption-required policy, and refuses it without an SM4 key. Both engines.
 */
import { expect, it } from 'vitest';
import { listAudit } from '#store/audit-log.repository.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { forEachEngine } from '#store/test-engines.ts';
import type { RegistryChange } from '../receiver/receiver-events.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { registerDevice, removeDevice, rotateDeviceKey, updateDevice } from './device-admin.service.ts';

forEachEngine('device admin → registry', (current) => {
  it('emits device_registry_changed after each committed change, with the committed device', async () => {
    const db = current().db;
    await upsertSite(db, { code: 'DA1', name: '站', kind: 'air_station' });
    const seen: RegistryChange[] = [];
    const ctx = {
      actor: 'boss',
      visibleTo: EVERY_SITE,
      now: 1_000,
      bus: { emit: (_e: 'device_registry_changed', c: RegistryChange) => seen.push(c) },
    };
    await registerDevice(
      db,
      { mn: 'DA-MN1', siteCode: 'DA1', sm4: 'generate', encryptionRequired: true },
      ctx,
    );
    expect(seen[0]).toMatchObject({ mn: 'DA-MN1', change: 'created', device: { encryptionRequired: true } });
    expect(seen[0]?.device?.sm4Key).toMatch(/^[0-9a-f]{32}$/);

    await updateDevice(db, 'DA-MN1', { encryptionRequired: false }, ctx);
    expect(seen[1]).toMatchObject({ change: 'updated', device: { encryptionRequired: false } });
    const audit = (await listAudit(db, 10)).find((r) => r.entity === 'device' && r.action === 'update');
    expect(JSON.parse(audit?.before ?? '')).toEqual({ encryptionRequired: true });
    expect(JSON.parse(audit?.after ?? '')).toEqual({ encryptionRequired: false });

    // Nothing changed: nothing audited, nothing announced.
    await updateDevice(db, 'DA-MN1', { encryptionRequired: false }, ctx);
    expect(seen).toHaveLength(2);

    await rotateDeviceKey(db, 'DA-MN1', { sm4: 'none' }, ctx);
    expect(seen[2]).toMatchObject({ change: 'rotated', device: { sm4Key: null } });
    await removeDevice(db, 'DA-MN1', ctx);
    expect(seen[3]).toEqual({ mn: 'DA-MN1', at: 1_000, change: 'removed', device: null });
  });

  it('refuses "encryption required" without an SM4 key (422), and removing the key of such a logger', async () => {
    const db = current().db;
    await upsertSite(db, { code: 'DA2', name: '站', kind: 'air_station' });
    const seen: RegistryChange[] = [];
    const ctx = {
      actor: 'boss',
      visibleTo: EVERY_SITE,
      bus: { emit: (_e: 'device_registry_changed', c: RegistryChange) => seen.push(c) },
    };
    await expect(
      registerDevice(db, { mn: 'DA-MN2', siteCode: 'DA2', encryptionRequired: true }, ctx),
    ).rejects.toMatchObject({ status: 422, code: 'encryption_without_key' });
    await registerDevice(db, { mn: 'DA-MN2', siteCode: 'DA2' }, ctx);
    await expect(updateDevice(db, 'DA-MN2', { encryptionRequired: true }, ctx)).rejects.toMatchObject({
      status: 422,
    });
    await rotateDeviceKey(db, 'DA-MN2', { sm4: 'generate' }, ctx);
    await updateDevice(db, 'DA-MN2', { encryptionRequired: true }, ctx);
    await expect(rotateDeviceKey(db, 'DA-MN2', { sm4: 'none' }, ctx)).rejects.toMatchObject({ status: 422 });
    // Refused changes are not announced.
    expect(seen.map((c) => c.change)).toEqual(['created', 'rotated', 'updated']);
  });
});
