/**
 * The simulator: virtual data loggers sending HJ 212 over real TCP, one connection per logger. Simulated time
 * runs at `speed` simulated seconds per real second from `start` (default: now, at speed 1 = real time); every
 * tick each logger's model yields the packets that fell due, which its link sends and re-sends until answered.
 */
import { encodePacket } from '../protocol/hj212/index.ts';
import type { Logger } from '../services/logger.ts';
import {
  emptyCounters,
  type LinkCounters,
  type LinkEvent,
  type LinkTarget,
  LoggerLink,
} from './logger-link.ts';
import { type LoggerModel, LoggerModel as Model, type PlannedPacket } from './logger-model.ts';
import type { LoggerSpec } from './logger-spec.ts';
import {
  describePlan,
  isSilenced,
  planScenario,
  type ScenarioName,
  type ScenarioOptions,
  type ScenarioPlan,
} from './scenarios.ts';
import { HOUR } from './time.ts';

export interface SimulatorOptions {
  /**
   * The receiver, or several in order of preference: each logger fails over to the next when one refuses,
   * drops or falls silent, and re-sends what was not answered (issue 14; see logger-link.ts).
   */
  readonly to: LinkTarget | readonly LinkTarget[];
  /** On a backup address, real ms before trying the primary again; 0 = stay. Default 10 minutes. */
  readonly primaryRetryMs?: number;
  readonly loggers: readonly LoggerSpec[];
  /** Simulated seconds per real second (60 → an hour of data per minute). Default 1. */
  readonly speed?: number;
  /** A scenario by name (planned from `start`), or a ready plan. */
  readonly scenario?: ScenarioName | ScenarioPlan;
  readonly scenarioOptions?: ScenarioOptions;
  /** Real time now (epoch ms). Default Date.now. */
  readonly clock?: () => number;
  /** Simulated time at the start (epoch ms). Default: clock(). */
  readonly start?: number;
  /** Simulated time after which nothing more is generated; `finished` resolves once all is answered. */
  readonly until?: number;
  /** Varies the noise and faults (not the air stations' hourly values). Default 0. */
  readonly seed?: number;
  readonly log: Logger;
  /** Real ms between ticks. Default 100. */
  readonly tickMs?: number;
  /** Start the tick timer (default); false = call `tick()` yourself. */
  readonly autoTick?: boolean;
  /** Real ms to wait for each 9014 answer (HJ 212-2017 表1: 10 s). */
  readonly ackTimeoutMs?: number;
  /** Re-sends of an unanswered packet (表1: 3). */
  readonly maxRetries?: number;
  readonly reconnectMinMs?: number;
  readonly reconnectMaxMs?: number;
  readonly maxInFlight?: number;
  readonly outboxLimit?: number;
  /** Set Flag bit A and wait for answers. Default true. */
  readonly ackRequired?: boolean;
  /**
   * 补传 at start-up: per MN, the first hour (start, epoch ms) the platform is missing; the logger re-sends the
   * 2061 of every hour from there that ended before `start` (at most the last 72), as after an outage.
   */
  readonly backfillFrom?: ReadonlyMap<string, number>;
  /** Each 9014 answer that settles a waiting packet: the logger's MN and the packet's QN (tests). */
  readonly onAck?: (mn: string, qn: string) => void;
  /** Every packet as it is queued for sending (tests, logs). */
  readonly onPacket?: (packet: PlannedPacket) => void;
}

export interface SimulatorStats extends LinkCounters {
  loggers: number;
  connected: number;
  /** Queued or waiting for an answer. */
  pending: number;
  /** Simulated time reached. */
  simTime: number;
}

export interface Simulator {
  readonly scenario: ScenarioPlan | undefined;
  readonly simStart: number;
  /** Simulated time now. */
  simNow(): number;
  stats(): SimulatorStats;
  /** With `until`: resolves when it is reached and every packet is answered or given up. */
  readonly finished: Promise<void>;
  /** Advance to the current simulated time (the timer does this every `tickMs`). */
  tick(): void;
  /** Stop: optionally wait up to `drainMs` for answers, then close every connection. */
  stop(options?: { drainMs?: number }): Promise<void>;
}

/** Start-up back-fill reaches back at most this far (a logger's memory is not endless). */
const MAX_BACKFILL_HOURS = 72;

interface VirtualLogger {
  readonly spec: LoggerSpec;
  readonly model: LoggerModel;
  readonly link: LoggerLink;
}

function sumCounters(all: readonly LinkCounters[]): LinkCounters {
  const total = emptyCounters();
  for (const c of all) {
    total.sent += c.sent;
    total.acked += c.acked;
    total.retransmitted += c.retransmitted;
    total.failed += c.failed;
    total.dropped += c.dropped;
    total.lateAcks += c.lateAcks;
    total.reconnects += c.reconnects;
    total.failovers += c.failovers;
    for (const [cn, n] of Object.entries(c.byCn)) total.byCn[cn] = (total.byCn[cn] ?? 0) + n;
  }
  return total;
}

export function startSimulator(options: SimulatorOptions): Simulator {
  const clock = options.clock ?? Date.now;
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new RangeError(`speed must be a positive number, not ${speed}`);
  const log = options.log;
  const realStart = clock();
  const simStart = options.start ?? realStart;
  const until = options.until ?? Number.POSITIVE_INFINITY;
  const targets: readonly LinkTarget[] = Array.isArray(options.to) ? options.to : [options.to as LinkTarget];
  if (targets.length === 0) throw new RangeError('the simulator needs at least one receiver address');
  const where = targets.map((t) => `${t.host}:${t.port}`).join(', ');
  const plan =
    typeof options.scenario === 'string'
      ? planScenario(options.scenario, options.loggers, simStart, options.scenarioOptions)
      : options.scenario;

  // One warning per outage (every logger would say the same); the details at debug level.
  let inOutage = false;
  const onStatus = (e: LinkEvent) => {
    if (e.kind === 'connected') {
      if (e.reconnect) log.debug(`${e.mn} reconnected to ${e.target}`);
      if (loggers.every((l) => l.link.connected)) {
        const to = [...new Set(loggers.map((l) => l.link.target))].join(', ');
        log.info(`${loggers.length} logger(s) connected to ${to}`);
        inOutage = false;
      }
    } else if (e.kind === 'disconnected' && e.retryInMs !== undefined) {
      // (Without a retry the link was closed on purpose: stopped, or taken offline by a scenario.)
      const why =
        e.error === undefined
          ? `connection to ${e.target} closed`
          : `receiver at ${e.target} unreachable (${e.error})`;
      const then = e.next === e.target ? 'retrying' : `failing over to ${e.next}`;
      const line = `${e.mn}: ${why}; ${then} in ${Math.round(e.retryInMs / 100) / 10} s`;
      if (inOutage) log.debug(line);
      else log.warn(`${line} (further connection trouble logged at debug level until all are back)`);
      inOutage = true;
    }
    checkFinished();
  };
  const loggers: VirtualLogger[] = options.loggers.map((spec) => ({
    spec,
    model: new Model(spec, {
      seed: options.seed ?? 0,
      ...(plan ? { scenario: plan } : {}),
      ackRequired: options.ackRequired ?? true,
    }),
    link: new LoggerLink({
      targets,
      ...(options.primaryRetryMs !== undefined ? { primaryRetryMs: options.primaryRetryMs } : {}),
      mn: spec.mn,
      log,
      ackTimeoutMs: options.ackTimeoutMs ?? 10_000,
      maxRetries: options.maxRetries ?? 3,
      reconnectMinMs: options.reconnectMinMs ?? 1_000,
      reconnectMaxMs: options.reconnectMaxMs ?? 30_000,
      maxInFlight: options.maxInFlight ?? 64,
      outboxLimit: options.outboxLimit ?? 10_000,
      onStatus,
      ...(options.onAck ? { onAck: options.onAck } : {}),
    }),
  }));

  const simNow = () => simStart + (clock() - realStart) * speed;
  let reached = simStart;
  let generationDone = false;
  let stopped = false;
  let resolveFinished: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    resolveFinished = resolve;
  });
  function checkFinished(): void {
    if (generationDone && loggers.every((l) => l.link.pending === 0)) resolveFinished();
  }

  let scenarioAnnounced: 'no' | 'started' | 'ended' = 'no';
  function announce(t: number): void {
    if (plan === undefined) return;
    if (scenarioAnnounced === 'no' && t >= plan.start) {
      scenarioAnnounced = 'started';
      log.info(`scenario ${plan.name} started on ${plan.siteCode}`);
    }
    if (scenarioAnnounced === 'started' && t >= plan.end) {
      scenarioAnnounced = 'ended';
      log.info(`scenario ${plan.name} ended on ${plan.siteCode}`);
    }
  }

  function enqueue(l: VirtualLogger, p: PlannedPacket): void {
    options.onPacket?.(p);
    l.link.enqueue({
      qn: p.packet.qn as string,
      cn: p.cn,
      dataTime: p.dataTime,
      resend: p.resend,
      ackRequired: options.ackRequired ?? true,
      bytes: encodePacket(p.packet),
    });
  }

  function backfillAtStart(): void {
    let hours = 0;
    for (const l of loggers) {
      const from = options.backfillFrom?.get(l.spec.mn);
      if (from === undefined) continue;
      const first = Math.max(
        Math.ceil(from / HOUR) * HOUR,
        Math.floor(simStart / HOUR) * HOUR - MAX_BACKFILL_HOURS * HOUR,
      );
      const missed: number[] = [];
      for (let h = first; h + HOUR <= simStart; h += HOUR) missed.push(h);
      for (const p of l.model.resendHours(missed, simStart)) enqueue(l, p);
      hours += missed.length;
    }
    if (hours > 0) log.info(`re-sending ${hours} missed hour(s) (补传)`);
  }

  function tick(): void {
    if (stopped || generationDone) return;
    const t = Math.min(simNow(), until);
    if (t <= reached) return;
    for (const l of loggers) {
      // Off the network strictly inside a silence window; back at its end (to send any back-fill).
      const online = !isSilenced(plan, l.spec.mn, t) || t >= (plan?.end ?? 0);
      if (l.link.setOnline(online)) {
        log.info(`${l.spec.siteCode} (${l.spec.mn}) ${online ? 'back online' : 'goes offline (scenario)'}`);
      }
      for (const p of l.model.packetsBetween(reached, t)) enqueue(l, p);
    }
    announce(t);
    reached = t;
    if (t >= until) {
      generationDone = true;
      checkFinished();
    }
  }

  log.info(
    `simulating ${loggers.length} logger(s) → ${where}, speed ${speed}×, from ${new Date(simStart).toISOString()}`,
  );
  if (plan) log.info(`scenario ${describePlan(plan)}`);
  backfillAtStart();
  for (const l of loggers) l.link.start();

  let timer: NodeJS.Timeout | undefined;
  if (options.autoTick !== false) {
    const tickMs = options.tickMs ?? 100;
    timer = setInterval(() => {
      try {
        tick();
      } catch (err) {
        log.error(`simulator tick failed: ${(err as Error).stack ?? String(err)}`);
      }
    }, tickMs);
  }

  return {
    scenario: plan,
    simStart,
    simNow,
    finished,
    tick,
    stats() {
      const counters = sumCounters(loggers.map((l) => l.link.counters));
      return {
        ...counters,
        loggers: loggers.length,
        connected: loggers.filter((l) => l.link.connected).length,
        pending: loggers.reduce((n, l) => n + l.link.pending, 0),
        simTime: reached,
      };
    },
    async stop(stopOptions = {}) {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      const drainMs = stopOptions.drainMs ?? 0;
      if (drainMs > 0) await Promise.all(loggers.map((l) => l.link.drain(drainMs)));
      await Promise.all(loggers.map((l) => l.link.stop()));
      log.info('simulator stopped');
    },
  };
}
