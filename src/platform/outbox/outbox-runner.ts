import type { Kysely } from 'kysely';
import type { ConsumerLag } from '#contract/health.ts';
import type { OutboxEvent } from '#contract/outbox-events.ts';
import type { Logger } from '#services/logger.ts';
import type { Database } from '#store/database.ts';
import type { Db } from '#store/open-db.ts';
import {
  advanceOutboxCursor,
  claimOutboxCursor,
  ensureOutboxCursor,
  OUTBOX_START,
  type OutboxCursor,
  outboxBacklog,
  outboxHead,
  readOutboxAfter,
  readOutboxCursor,
  releaseOutboxCursor,
} from '#store/outbox.repository.ts';
import { listenPostgres, type OutboxListener, onOutboxCommitted } from './outbox-wake.ts';

/**
 * Runs the consumers of the event outbox (issue 14).
 *
 * - `durable(name, handler)`: one node at a time (a lease on the cursor row `name`: owner = nodeId,
 *   lease_until), resuming from the stored cursor after any restart. The cursor moves only after the handler
 *   resolved, every move fenced by the owner; a failing handler is logged and retried with back-off while the
 *   cursor stays. At-least-once: after a crash between the handler and the cursor update the batch comes again.
 *   `durableInTx` runs the handler in the transaction that moves the cursor (ctx.trx): its writes and the cursor
 *   commit together, so an event's effect happens once (and a node that lost the lease meanwhile rolls back).
 * - `broadcast(name, handler)`: on every node, with a cursor in memory starting at the head when registered —
 *   for what each node must see (the dashboard's live stream, registry changes), not for what must happen once.
 *
 * Consumers sleep until woken (outbox-wake.ts) or the fallback poll (`pollMs`, for writers in other processes
 * on SQLite).
 */
export interface OutboxContext {
  /** The consumer's name. */
  name: string;
  /** durableInTx only: the transaction that will also move the cursor. */
  trx?: Kysely<Database>;
}

export type OutboxHandler = (events: OutboxEvent[], ctx: OutboxContext) => Promise<void> | void;
export type OutboxTxHandler = (
  events: OutboxEvent[],
  ctx: OutboxContext & { trx: Kysely<Database> },
) => Promise<void>;

export interface ConsumerOptions {
  /** Only these topics (default: all). */
  topics?: readonly string[];
  /** Most events per handler call (default: the runner's). */
  batch?: number;
  /** durable only, first run: start at the oldest kept event (default) or at the head (only new events). */
  from?: 'start' | 'head';
}

/** How far one consumer is behind, as /api/health shows it (the contract's type). */
export type { ConsumerLag } from '#contract/health.ts';

export interface OutboxRunner {
  durable(name: string, handler: OutboxHandler, options?: ConsumerOptions): void;
  durableInTx(name: string, handler: OutboxTxHandler, options?: ConsumerOptions): void;
  /**
   * Resolves once the consumer's start (the newest final row at registration, outboxHead) is fixed: every event
   * committed after that reaches it — and an event committed just before, not yet final then, may too.
   */
  broadcast(name: string, handler: OutboxHandler, options?: Omit<ConsumerOptions, 'from'>): Promise<void>;
  /** Wake every consumer now (what a notification does). */
  wake(): void;
  lag(): Promise<ConsumerLag[]>;
  /**
   * Stop every consumer after its current step. `release` (default true) gives the leases up so another node
   * takes over at once; false leaves them to run out, as a crash would.
   */
  stop(options?: { release?: boolean }): Promise<void>;
}

export interface OutboxRunnerOptions {
  db: Db;
  log: Logger;
  /** This node (owner of the leases it holds), or a getter of it; default 'local'. */
  nodeId?: string | (() => string);
  now?: () => number;
  /** Fallback poll (ms), default 2000. */
  pollMs?: number;
  /** Events per handler call, default 500. */
  batch?: number;
  /** A durable cursor's lease (ms), default 15,000; renewed every third of it. */
  leaseMs?: number;
  /** LISTEN on PostgreSQL (default true when the Db has a URL). */
  listen?: boolean;
}

type Step = 'more' | 'idle' | 'pending' | 'blocked';

interface Consumer {
  name: string;
  kind: 'durable' | 'broadcast';
  topics: readonly string[] | undefined;
  batch: number;
  /** One read (and handling) of what is after the cursor; clears `dirty` right before it reads. */
  step(self: Consumer): Promise<Step>;
  cursor(): Promise<OutboxCursor | undefined>;
  owner(): Promise<string | null | undefined>;
  release(): Promise<void>;
  dirty: boolean;
  waiter: (() => void) | undefined;
  done: Promise<void>;
}

const MAX_BACKOFF_MS = 30_000;
/** While rows exist that are not final yet (an older transaction still open), look again soon. */
const FIRST_PENDING_MS = 5;
const MAX_PENDING_MS = 100;

const same = (a: OutboxCursor, b: OutboxCursor) => a.tx === b.tx && a.id === b.id;

export function createOutboxRunner(options: OutboxRunnerOptions): OutboxRunner {
  const { log } = options;
  const db = options.db.db;
  // A getter: a node's default id includes its HTTP port, known only once it listens (server/start.ts).
  const nodeId = (): string =>
    (typeof options.nodeId === 'function' ? options.nodeId() : options.nodeId) ?? 'local';
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? 2000;
  const defaultBatch = options.batch ?? 500;
  const leaseMs = options.leaseMs ?? 15_000;
  const consumers: Consumer[] = [];
  let stopped = false;

  const wake = () => {
    for (const c of consumers) {
      c.dirty = true;
      c.waiter?.();
    }
  };
  const offLocal = onOutboxCommitted(wake);
  const listener: OutboxListener | undefined =
    options.db.engine === 'postgres' && options.db.url && options.listen !== false
      ? listenPostgres(options.db.url, { log, onNotify: wake })
      : undefined;

  /** Sleep up to `ms`; a wake ends it early (and one that came while the consumer read ends it at once). */
  const sleep = (c: Consumer, ms: number, wakeable = true) =>
    new Promise<void>((resolve) => {
      if (stopped || (wakeable && c.dirty)) return resolve();
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        c.waiter = undefined;
        resolve();
      }
      c.waiter = wakeable ? done : () => (stopped ? done() : undefined);
    });

  async function run(c: Consumer): Promise<void> {
    let failures = 0;
    let pendingMs = FIRST_PENDING_MS;
    while (!stopped) {
      let step: Step;
      try {
        step = await c.step(c);
        if (failures > 0) log.info(`outbox consumer "${c.name}" recovered after ${failures} failure(s)`);
        failures = 0;
      } catch (err) {
        failures++;
        const backoff = Math.min(MAX_BACKOFF_MS, 100 * 2 ** (failures - 1));
        log.error(
          `outbox consumer "${c.name}" failed (attempt ${failures}, retrying in ${backoff} ms; cursor kept): ${(err as Error).stack ?? String(err)}`,
        );
        await sleep(c, backoff, false);
        continue;
      }
      if (step === 'more') continue;
      if (step === 'pending') {
        await sleep(c, pendingMs);
        // The transaction holding them back may write no outbox row (no NOTIFY when it ends): look again soon.
        pendingMs = Math.min(pollMs, MAX_PENDING_MS, pendingMs * 2);
        continue;
      }
      pendingMs = FIRST_PENDING_MS;
      await sleep(c, step === 'blocked' ? Math.min(pollMs, leaseMs / 3) : pollMs);
    }
  }

  function add(
    partial: Omit<Consumer, 'dirty' | 'waiter' | 'done' | 'kind' | 'name' | 'topics' | 'batch'>,
    kind: Consumer['kind'],
    name: string,
    opts: ConsumerOptions | undefined,
  ): void {
    if (stopped) throw new Error('outbox runner stopped');
    if (consumers.some((c) => c.name === name)) throw new Error(`outbox consumer "${name}" exists already`);
    const c: Consumer = {
      ...partial,
      kind,
      name,
      topics: opts?.topics,
      batch: opts?.batch ?? defaultBatch,
      dirty: true,
      waiter: undefined,
      done: Promise.resolve(),
    };
    consumers.push(c);
    c.done = run(c);
  }

  function durableConsumer(name: string, opts: ConsumerOptions | undefined, handle: DurableHandle) {
    let holding = false;
    let cursor: OutboxCursor = OUTBOX_START;
    let renewAt = 0;
    let created = false;
    const read = { limit: opts?.batch ?? defaultBatch, ...(opts?.topics ? { topics: opts.topics } : {}) };
    const lost = () => {
      holding = false;
      log.warn(`outbox consumer "${name}": another node took the cursor over; this node stops handling it`);
      return 'blocked' as const;
    };
    return {
      async step(self: Consumer): Promise<Step> {
        const t = now();
        if (!holding || t >= renewAt) {
          if (!created) {
            await ensureOutboxCursor(
              db,
              name,
              opts?.from === 'head' ? await outboxHead(db) : OUTBOX_START,
              t,
            );
            created = true;
          }
          const held = await claimOutboxCursor(db, name, nodeId(), t, leaseMs);
          if (!held) {
            holding = false;
            return 'blocked';
          }
          if (!holding) {
            log.info(
              `outbox consumer "${name}": node ${nodeId()} holds the cursor (at ${held.tx}/${held.id})`,
            );
          }
          // The stored position is the truth (another node may have moved it while this one thought it held it).
          cursor = held;
          holding = true;
          renewAt = t + leaseMs / 3;
        }
        // A wake after this point makes the consumer read again (see sleep).
        self.dirty = false;
        const page = await readOutboxAfter(db, cursor, read);
        if (page.events.length === 0) {
          if (!same(page.next, cursor)) {
            if (!(await advanceOutboxCursor(db, name, nodeId(), page.next, now(), leaseMs))) return lost();
            cursor = page.next;
          }
          return page.more ? 'pending' : 'idle';
        }
        const moved = await handle(page.events, page.next);
        if (!moved) return lost();
        cursor = page.next;
        renewAt = now() + leaseMs / 3;
        if (page.events.length === read.limit) return 'more';
        return page.more ? 'pending' : 'idle';
      },
      cursor: async () => (await readOutboxCursor(db, name)) ?? undefined,
      owner: async () => (await readOutboxCursor(db, name))?.owner,
      async release() {
        if (holding) await releaseOutboxCursor(db, name, nodeId());
        holding = false;
      },
    };
  }

  /** Run the handler and move the cursor; false when the lease was lost (nothing of the handler kept in a tx). */
  type DurableHandle = (events: OutboxEvent[], to: OutboxCursor) => Promise<boolean>;

  class LostLease extends Error {}

  return {
    durable(name, handler, opts) {
      add(
        durableConsumer(name, opts, async (events, to) => {
          await handler(events, { name });
          return advanceOutboxCursor(db, name, nodeId(), to, now(), leaseMs);
        }),
        'durable',
        name,
        opts,
      );
    },
    durableInTx(name, handler, opts) {
      add(
        durableConsumer(name, opts, async (events, to) => {
          try {
            await db.transaction().execute(async (trx) => {
              await handler(events, { name, trx });
              // Fenced: if another node holds the cursor now, the handler's writes roll back with this.
              if (!(await advanceOutboxCursor(trx, name, nodeId(), to, now(), leaseMs)))
                throw new LostLease();
            });
            return true;
          } catch (err) {
            if (err instanceof LostLease) return false;
            throw err;
          }
        }),
        'durable',
        name,
        opts,
      );
    },
    broadcast(name, handler, opts) {
      let cursor: OutboxCursor | undefined;
      // A failed first read is retried by the step (with the runner's back-off).
      const start = outboxHead(db).then(
        (head) => {
          cursor ??= head;
        },
        () => undefined,
      );
      const read = { limit: opts?.batch ?? defaultBatch, ...(opts?.topics ? { topics: opts.topics } : {}) };
      add(
        {
          async step(self) {
            await start;
            cursor ??= await outboxHead(db);
            self.dirty = false;
            const page = await readOutboxAfter(db, cursor, read);
            if (page.events.length > 0) await handler(page.events, { name });
            cursor = page.next;
            if (page.events.length === read.limit) return 'more';
            return page.more ? 'pending' : 'idle';
          },
          cursor: async () => cursor,
          owner: async () => undefined,
          release: async () => undefined,
        },
        'broadcast',
        name,
        opts,
      );
      return start;
    },
    wake,
    async lag() {
      const t = now();
      const out: ConsumerLag[] = [];
      for (const c of consumers) {
        const cursor = (await c.cursor()) ?? (await outboxHead(db));
        const backlog = await outboxBacklog(db, cursor, c.topics);
        const owner = c.kind === 'durable' ? await c.owner() : undefined;
        out.push({
          name: c.name,
          kind: c.kind,
          behindEvents: backlog.events,
          oldestPendingAgeMs: backlog.oldestAt === null ? 0 : Math.max(0, t - backlog.oldestAt),
          ...(owner !== undefined ? { owner } : {}),
        });
      }
      return out;
    },
    async stop(stopOptions) {
      if (stopped) return;
      stopped = true;
      offLocal();
      for (const c of consumers) c.waiter?.();
      await Promise.all(consumers.map((c) => c.done));
      if (stopOptions?.release !== false) {
        for (const c of consumers) {
          await c
            .release()
            .catch((err: unknown) => log.warn(`releasing "${c.name}": ${(err as Error).message}`));
        }
      }
      await listener?.close();
    },
  };
}
