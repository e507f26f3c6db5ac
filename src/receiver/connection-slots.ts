import type { ReceiverLimits } from './receiver-options.ts';

/** Which cap refused a connection: the limit's name in ReceiverLimits, and a line for the operator. */
export interface SlotRefusal {
  limit: keyof ReceiverLimits;
  message: string;
}

export interface ConnectionSlots {
  /** Take a slot for a new, unproven connection from `address`, or say which cap refuses it. */
  admit(address: string): SlotRefusal | undefined;
  /** The connection sent an authenticated packet: it leaves the unproven budget (keeping its slot). */
  prove(address: string): void;
  release(address: string, proven: boolean): void;
  readonly total: number;
  readonly unproven: number;
}

type Counts = { all: number; unproven: number };

/**
 * Connection budgets (issue 11, finding 4). Every connection starts unproven and counts against a small budget
 * (in total and per address); its first authenticated packet (registered, enabled MN, right PW) moves it to the
 * main budget. So whoever holds no logger's password can occupy at most maxUnprovenConnections slots — the
 * rest of maxConnections stays for registered loggers — and from one address at most maxUnprovenPerAddress.
 *
 * Chosen over reserving slots for addresses known from device status: loggers on mobile networks change
 * address at every reconnection and share carrier NAT addresses with strangers, so an address proves nothing;
 * a packet with the device's password does.
 */
export function createConnectionSlots(limits: ReceiverLimits): ConnectionSlots {
  const byAddress = new Map<string, Counts>();
  let total = 0;
  let unproven = 0;
  return {
    admit(address) {
      const c = byAddress.get(address) ?? { all: 0, unproven: 0 };
      if (total >= limits.maxConnections)
        return { limit: 'maxConnections', message: `connection limit ${limits.maxConnections} reached` };
      if (c.all >= limits.maxConnectionsPerAddress)
        return {
          limit: 'maxConnectionsPerAddress',
          message: `${address} holds ${c.all} connections (limit ${limits.maxConnectionsPerAddress} per address)`,
        };
      if (unproven >= limits.maxUnprovenConnections)
        return {
          limit: 'maxUnprovenConnections',
          message: `${unproven} connections have sent no authenticated packet yet (limit ${limits.maxUnprovenConnections}); registered loggers still get the remaining slots`,
        };
      if (c.unproven >= limits.maxUnprovenPerAddress)
        return {
          limit: 'maxUnprovenPerAddress',
          message: `${address} holds ${c.unproven} connections that sent no authenticated packet (limit ${limits.maxUnprovenPerAddress} per address)`,
        };
      c.all++;
      c.unproven++;
      byAddress.set(address, c);
      total++;
      unproven++;
      return undefined;
    },
    prove(address) {
      const c = byAddress.get(address);
      if (!c || c.unproven === 0) return;
      c.unproven--;
      unproven--;
    },
    release(address, proven) {
      const c = byAddress.get(address);
      if (!c) return;
      c.all--;
      total--;
      if (!proven) {
        c.unproven--;
        unproven--;
      }
      if (c.all <= 0) byAddress.delete(address);
    },
    get total() {
      return total;
    },
    get unproven() {
      return unproven;
    },
  };
}
