/**
 * Scripted scenarios in simulated time, for the demo and for later issues' detectors. Each one picks one logger
 * and a window of whole hours [start, end) and says what happens to it there:
 * - station-spike: an air station's PM2.5/PM10 read ×4 (a local dust or burning episode);
 * - outlet-exceedance: an outlet's SO2 and NOx well above its (illustrative) limit;
 * - flatline: one analyser repeats exactly the same value (stuck analyser / data fraud signature);
 * - offline: the logger sends nothing and drops its connection; the data of the window is lost;
 * - backfill: the link is down for the window, then the logger re-sends the missed hours (补传): the same CN
 *   2061 with the historical DataTime, marked RF=1 when the logger speaks HJ 212-2025 (hj212.md §8 [M]).
 * Later issues add more (dilution, treatment-off) as further entries of SCENARIOS.
 */
import type { LoggerSpec } from './logger-spec.ts';
import { HOUR, nextMultiple } from './time.ts';

export const SCENARIO_NAMES = [
  'station-spike',
  'outlet-exceedance',
  'flatline',
  'offline',
  'backfill',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** What a scenario does to its logger inside the window. */
export type ScenarioEffect =
  /** Multiply the named factors' values (every field derived from them follows: Min/Max, Zs*, Cou). */
  | { readonly kind: 'scale'; readonly factors: Readonly<Record<string, number>> }
  /** Repeat the value the analyser showed at the start of the window, exactly. */
  | { readonly kind: 'freeze'; readonly factors: readonly string[] }
  /** Send nothing; with `backfill`, re-send the window's hourly data when the window ends. */
  | { readonly kind: 'silence'; readonly backfill: boolean };

export interface ScenarioPlan {
  readonly name: ScenarioName;
  readonly description: string;
  /** The logger it happens to. */
  readonly mn: string;
  readonly siteCode: string;
  /** Window in simulated epoch ms, [start, end), whole hours. */
  readonly start: number;
  readonly end: number;
  readonly effect: ScenarioEffect;
}

export interface ScenarioOptions {
  /** Site code or MN of the logger; default: the scenario's usual demo target if present, else the first fit. */
  readonly target?: string;
  /** Window start (simulated ms); rounded up to a whole hour. Default: the first hour boundary after `simStart`. */
  readonly start?: number;
  /** Window length in whole hours; default per scenario. */
  readonly hours?: number;
}

/** SO2 / NOx factor codes (HJ 212-2017 表B.2). */
const SO2 = 'a21026';
const NOX = 'a21002';

interface ScenarioDefinition {
  readonly kinds: readonly LoggerSpec['kind'][];
  /** Demo site codes tried first, in order. */
  readonly preferred: readonly string[];
  readonly hours: number;
  readonly describe: (logger: LoggerSpec) => { description: string; effect: ScenarioEffect };
}

function exceedanceMultiplier(logger: LoggerSpec, code: typeof SO2 | typeof NOX): number {
  if (logger.kind !== 'outlet') return 3;
  const p = logger.profile;
  const [typical, limit] = code === SO2 ? [p.so2, p.limits.so2] : [p.nox, p.limits.nox];
  // Well above the limit even after the 折算 correction lowers nothing: about twice the limit as measured.
  return Math.max(2, Math.ceil(((2 * limit) / typical) * 10) / 10);
}

const SCENARIOS: Readonly<Record<ScenarioName, ScenarioDefinition>> = {
  'station-spike': {
    kinds: ['air'],
    preferred: ['QB-T01'],
    hours: 2,
    describe: () => ({
      description: 'PM2.5 and PM10 ×4',
      effect: { kind: 'scale', factors: { a34004: 4, a34002: 4 } },
    }),
  },
  'outlet-exceedance': {
    kinds: ['outlet'],
    preferred: ['QB-E01'],
    hours: 2,
    describe: (logger) => {
      const so2 = exceedanceMultiplier(logger, SO2);
      const nox = exceedanceMultiplier(logger, NOX);
      return {
        description: `SO2 ×${so2} and NOx ×${nox}, above the outlet's limit`,
        effect: { kind: 'scale', factors: { [SO2]: so2, [NOX]: nox } },
      };
    },
  },
  flatline: {
    kinds: ['air', 'outlet'],
    preferred: ['QB-T05'],
    hours: 3,
    describe: (logger) => {
      const code = logger.kind === 'air' ? 'a05024' : SO2;
      return {
        description: `the ${code} analyser repeats one value`,
        effect: { kind: 'freeze', factors: [code] },
      };
    },
  },
  offline: {
    kinds: ['air', 'outlet'],
    preferred: ['QB-T08'],
    hours: 2,
    describe: () => ({
      description: 'the logger is off: nothing is sent',
      effect: { kind: 'silence', backfill: false },
    }),
  },
  backfill: {
    kinds: ['air', 'outlet'],
    preferred: ['QB-T09'],
    hours: 3,
    describe: () => ({
      description: 'link down, then the missed hours are re-sent (补传)',
      effect: { kind: 'silence', backfill: true },
    }),
  },
};

export function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(name);
}

/** Thrown for a scenario that cannot run with the given loggers (a user error at the CLI). */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

function pickTarget(
  name: ScenarioName,
  def: ScenarioDefinition,
  loggers: readonly LoggerSpec[],
  target?: string,
) {
  if (target !== undefined) {
    const found = loggers.find((l) => l.siteCode === target || l.mn === target);
    if (!found) throw new ScenarioError(`scenario ${name}: no logger for "${target}"`);
    if (!def.kinds.includes(found.kind)) {
      throw new ScenarioError(
        `scenario ${name} needs a ${def.kinds.join(' or ')} logger; ${target} is ${found.kind}`,
      );
    }
    return found;
  }
  const fits = loggers.filter((l) => def.kinds.includes(l.kind));
  const found = def.preferred.map((code) => fits.find((l) => l.siteCode === code)).find((l) => l) ?? fits[0];
  if (!found)
    throw new ScenarioError(`scenario ${name} needs a ${def.kinds.join(' or ')} logger among the sites`);
  return found;
}

/** Plan a scenario against the loggers being simulated, from the simulation's start time. */
export function planScenario(
  name: ScenarioName,
  loggers: readonly LoggerSpec[],
  simStart: number,
  options: ScenarioOptions = {},
): ScenarioPlan {
  const def = SCENARIOS[name];
  const logger = pickTarget(name, def, loggers, options.target);
  const start =
    options.start === undefined ? nextMultiple(simStart, HOUR) : Math.ceil(options.start / HOUR) * HOUR;
  const hours =
    options.hours !== undefined && Number.isFinite(options.hours)
      ? Math.max(1, Math.round(options.hours))
      : def.hours;
  const { description, effect } = def.describe(logger);
  return {
    name,
    description,
    mn: logger.mn,
    siteCode: logger.siteCode,
    start,
    end: start + hours * HOUR,
    effect,
  };
}

/** True when `t` lies in the plan's window for this logger. */
export function inWindow(plan: ScenarioPlan | undefined, mn: string, t: number): plan is ScenarioPlan {
  return plan !== undefined && plan.mn === mn && t >= plan.start && t < plan.end;
}

/** True when the plan silences this logger at simulated time `t` (packets due in (start, end] are not sent). */
export function isSilenced(plan: ScenarioPlan | undefined, mn: string, t: number): boolean {
  return (
    plan !== undefined && plan.effect.kind === 'silence' && plan.mn === mn && t > plan.start && t <= plan.end
  );
}

/** One line for operators: what happens, to whom, when. */
export function describePlan(plan: ScenarioPlan): string {
  const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
  return `${plan.name} on ${plan.siteCode} (${plan.mn}): ${plan.description}, ${iso(plan.start)} → ${iso(plan.end)}`;
}
