import type { AuditLogTable, ChainHeadsTable } from './audit-log.table.ts';
import type { DeviceStatusTable, EventsTable } from './device-status.table.ts';
import type { DeviceMeasurementsTable, DeviceRealtimeValuesTable } from './device-values.table.ts';
import type { DeviceFactorsTable, DevicesTable } from './devices.table.ts';
import type { DustDaysTable } from './dust-days.table.ts';
import type { ExternalFiguresTable } from './external-figures.table.ts';
import type { JobSchedulesTable, JobsTable } from './jobs.table.ts';
import type { MeasurementsTable } from './measurements.table.ts';
import type { OrganisationsTable } from './organisations.table.ts';
import type { OutboxCursorsTable, OutboxTable } from './outbox.table.ts';
import type { ParametersTable } from './parameters.table.ts';
import type { RawPacketsTable } from './raw-packets.table.ts';
import type { RealtimeValuesTable } from './realtime-values.table.ts';
import type { SitesTable } from './sites.table.ts';
import type {
  ApiTokensTable,
  RolesTable,
  SessionsTable,
  UserRolesTable,
  UserSitesTable,
  UsersTable,
} from './users.table.ts';

/** The whole schema as Kysely sees it (one interface per table in `*.table.ts`). */
export interface Database {
  organisations: OrganisationsTable;
  sites: SitesTable;
  parameters: ParametersTable;
  measurements: MeasurementsTable;
  realtime_values: RealtimeValuesTable;
  dust_days: DustDaysTable;
  audit_log: AuditLogTable;
  chain_heads: ChainHeadsTable;
  roles: RolesTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  user_sites: UserSitesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  devices: DevicesTable;
  device_factors: DeviceFactorsTable;
  device_measurements: DeviceMeasurementsTable;
  device_realtime_values: DeviceRealtimeValuesTable;
  raw_packets: RawPacketsTable;
  device_status: DeviceStatusTable;
  events: EventsTable;
  external_figures: ExternalFiguresTable;
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  outbox: OutboxTable;
  outbox_cursors: OutboxCursorsTable;
}
