import type { ReceiverLimits } from './receiver-options.ts';

/** Which cap refused a connection: the limit's name in ReceiverLimits, and a line for the operator. */
export interface SlotRefusal {
  limit: keyof ReceiverLimits;
  message: string;
}

/** One connection's place in the budgets. */
export interface Slot {
  readonly address: string;
  /** When it was admitted (the receiver's clock). */
  readonly since: number;
  readonly proven: boolean;
  /** The connection sent an authenticated packet: it leaves the unproven budget, keeping its place. */
  prove(): void;
  /** Give the place back (idempotent). */
  release(): void;
}

export interface ConnectionSlots {
  /** A place for a new, unproven connection from `address`, or the cap that refuses it. */
  admit(address: string): Slot | SlotRefusal;
  /** The unproven connection that has waited longest (the one to evict when the unproven budget is full). */
  oldestUnproven(): Slot | undefined;
  readonly total: number;
  readonly unproven: number;
}

export const isRefusal = (s: Slot | SlotRefusal): s is SlotRefusal => 'limit' in s;

type Counts = { all: number; unproven: number };

/**
 * Connection budgets (issue 11, finding 4). Every connection starts unproven and counts against a small budget
 * (in total and per address); its first authenticated packet (registered, enabled MN, right PW) moves it to the
 * main budget. So whoever holds no logger's password can occupy at most maxUnprovenConnections places — the
 * rest of maxConnections stays for registered loggers — and from one address at most maxUnprovenPerAddress.
 *
 * Chosen over reserving places for addresses known from device status: loggers on mobile networks change
 * address at every reconnection and share carrier NAT addresses with strangers, so an address proves nothing;
 * a packet with the device's password does.
 */
export function createConnectionSlots(limits: ReceiverLimits, now: () => number): ConnectionSlots {
  const byAddress = new Map<string, Counts>();
  /** Unproven places in arrival order (a Set iterates in insertion order). */
  const waiting = new Set<Slot>();
  let total = 0;

  const refusal = (address: string, c: Counts): SlotRefusal | undefined => {
    if (total >= limits.maxConnections)
      return { limit: 'maxConnections', message: `connection limit ${limits.maxConnections} reached` };
    if (c.all >= limits.maxConnectionsPerAddress)
      return {
        limit: 'maxConnectionsPerAddress',
        message: `${address} holds ${c.all} connections (limit ${limits.maxConnectionsPerAddress} per address)`,
      };
    if (c.unproven >= limits.maxUnprovenPerAddress)
      return {
        limit: 'maxUnprovenPerAddress',
        message: `${address} holds ${c.unproven} connections that sent no authenticated packet (limit ${limits.maxUnprovenPerAddress} per address)`,
      };
    if (waiting.size >= limits.maxUnprovenConnections)
      return {
        limit: 'maxUnprovenConnections',
        message: `${waiting.size} connections have sent no authenticated packet yet (limit ${limits.maxUnprovenConnections}; the other places are kept for registered loggers)`,
      };
    return undefined;
  };

  return {
    admit(address) {
      const c = byAddress.get(address) ?? { all: 0, unproven: 0 };
      const refused = refusal(address, c);
      if (refused) return refused;
      c.all++;
      c.unproven++;
      byAddress.set(address, c);
      total++;
      let proven = false;
      let released = false;
      const slot: Slot = {
        address,
        since: now(),
        get proven() {
          return proven;
        },
        prove() {
          if (proven || released) return;
          proven = true;
          c.unproven--;
          waiting.delete(slot);
        },
        release() {
          if (released) return;
          released = true;
          total--;
          c.all--;
          if (!proven) c.unproven--;
          waiting.delete(slot);
          if (c.all <= 0) byAddress.delete(address);
        },
      };
      waiting.add(slot);
      return slot;
    },
    oldestUnproven: () => waiting.values().next().value,
    get total() {
      return total;
    },
    get unproven() {
      return waiting.size;
    },
  };
}
