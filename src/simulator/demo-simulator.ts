/**
 * The live demo over HJ 212: register the SAMPLE devices, then play every demo logger in real time against the
 * platform's own receiver (2061 at each hour's end, 2051 every minute, 2011 every 30 s). The air stations' hourly
 * values equal the seeded demo history, and at start-up each logger re-sends (补传) the hours the store lacks
 * since its last stored hour — as a real logger does after an outage — so the series joins up without a gap.
 */
import type { Kysely } from 'kysely';
import type { Database } from '#store/database.ts';
import { DEMO_DEVICES, registerDemoDevices } from '../demo/demo-devices.ts';
import type { Logger } from '../services/logger.ts';
import { demoLoggers } from './demo-loggers.ts';
import type { LinkTarget } from './logger-link.ts';
import { type Simulator, startSimulator } from './simulator.ts';
import { HOUR } from './time.ts';

export interface DemoSimulatorOptions {
  /** The receiver to send to (the platform's own: 127.0.0.1 and its TCP port). */
  readonly host: string;
  readonly port: number;
  /** Other receivers to fail over to, in order of preference, after host:port (issue 14). Default none. */
  readonly backups?: readonly LinkTarget[];
  readonly db: Kysely<Database>;
  readonly log: Logger;
  /** Real time now (epoch ms). Default Date.now. */
  readonly now?: () => number;
  /** Seconds between 2011 packets (default 30); and whether to send 2051 minute data (default true). */
  readonly rtdIntervalS?: number;
  readonly minuteData?: boolean;
}

/** Per demo MN, the hour after the last hourly value the store holds for its site (sites with none: absent). */
export async function missingHoursFrom(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('measurements')
    .innerJoin('sites', 'sites.id', 'measurements.site_id')
    .select((eb) => ['sites.code as code', eb.fn.max('measurements.time').as('last')])
    .where('measurements.period', '=', 'hour')
    .where(
      'sites.code',
      'in',
      DEMO_DEVICES.map((d) => d.siteCode),
    )
    .groupBy('sites.code')
    .execute();
  const last = new Map(rows.map((r) => [r.code, Number(r.last)]));
  const out = new Map<string, number>();
  for (const d of DEMO_DEVICES) {
    const t = last.get(d.siteCode);
    if (t !== undefined && Number.isFinite(t)) out.set(d.mn, t + HOUR);
  }
  return out;
}

export async function startDemoSimulator(options: DemoSimulatorOptions): Promise<Simulator> {
  const clock = options.now ?? Date.now;
  const registered = await registerDemoDevices(options.db, clock());
  options.log.info(`demo devices: ${registered.devices} sample loggers registered`);
  return startSimulator({
    to: [{ host: options.host, port: options.port }, ...(options.backups ?? [])],
    loggers: demoLoggers({
      ...(options.rtdIntervalS !== undefined ? { rtdIntervalS: options.rtdIntervalS } : {}),
      ...(options.minuteData !== undefined ? { minuteData: options.minuteData } : {}),
    }),
    speed: 1,
    clock,
    log: options.log,
    backfillFrom: await missingHoursFrom(options.db),
    // A connection refused while the receiver starts is normal; retry quickly at first.
    reconnectMinMs: 500,
  });
}
