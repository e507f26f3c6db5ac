import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.ts';
import * as m0002 from './0002-hj212-receiver.ts';
import * as m0003 from './0003-accounts-audit-chain.ts';
import * as m0004 from './0004-raw-packet-chain.ts';
import * as m0005 from './0005-public-reads-air.ts';
import * as m0006 from './0006-api-token-expiry.ts';
import * as m0007 from './0007-realtime-values.ts';
import * as m0008 from './0008-implausible-verdict.ts';
import * as m0009 from './0009-quarantine-retention.ts';
import * as m0010 from './0010-checkpoint-permission.ts';
import * as m0011 from './0011-must-change-password.ts';
import * as m0012 from './0012-admin-data.ts';
import * as m0013 from './0013-logger-values.ts';
import * as m0014 from './0014-encryption-required.ts';
import * as m0015 from './0015-outbox.ts';
import * as m0016 from './0016-jobs.ts';
import * as m0017 from './0017-node-chains.ts';
import * as m0018 from './0018-device-sightings.ts';

/**
 * Every migration, in order. Add new files here (no filesystem scanning); wrap each body in `atomic()`.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001,
  '0002-hj212-receiver': m0002,
  '0003-accounts-audit-chain': m0003,
  '0004-raw-packet-chain': m0004,
  '0005-public-reads-air': m0005,
  '0006-api-token-expiry': m0006,
  '0007-realtime-values': m0007,
  '0008-implausible-verdict': m0008,
  '0009-quarantine-retention': m0009,
  '0010-checkpoint-permission': m0010,
  '0011-must-change-password': m0011,
  '0012-admin-data': m0012,
  '0013-logger-values': m0013,
  '0014-encryption-required': m0014,
  '0015-outbox': m0015,
  '0016-jobs': m0016,
  '0017-node-chains': m0017,
  '0018-device-sightings': m0018,
};

export const staticMigrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
