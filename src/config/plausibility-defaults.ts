import type { ValueRange } from '#rules/plausibility/plausibility.ts';

/**
 * Default plausibility limits (issue 11), overridable in the config file under `plausibility`. Data, not logic:
 * the rule (src/rules/plausibility/plausibility.ts) knows no parameter. The limits are wide on purpose — they
 * catch the impossible, not the unusual; a value beyond them is refused, its packet kept raw with the reason.
 *
 * Sources, per row:
 * - [212] the largest number the factor's data type in HJ 212-2017 附录B 表B.1/B.2 can carry (N5.2 → 99999.99;
 *   /work/shared/standards/hj212.md §4): a logger that sends more is broken by the standard's own definition.
 * - [phys] a physical bound: a percentage is ≤ 100, pH is 0–14, a concentration or flow is ≥ 0.
 * - [M] not verified: chosen above the measuring ranges that ambient analysers are sold with (PM monitors
 *   and gas analysers are commonly 0–1000 µg/m³ / 0–500 ppb / CO 0–50 ppm, recalled, not checked against HJ
 *   653/HJ 654 here), with headroom for sand storms (hourly PM10 of several thousand µg/m³ has been reported).
 *   Check against the installed instruments' specifications and adjust in the config file.
 * Units are the parameters' stored units (parameters table): ambient µg/m³ (CO mg/m³); flue gas and water as
 * in HJ 212-2017 表B.
 */
export const DEFAULT_RANGES: Readonly<Record<string, ValueRange>> = {
  // Ambient air (HJ 633 pollutants), stored units µg/m³ and CO mg/m³ — all [M].
  'PM2.5': { min: 0, max: 2000 },
  PM10: { min: 0, max: 10000 },
  SO2: { min: 0, max: 5000 },
  NO2: { min: 0, max: 2000 },
  O3: { min: 0, max: 2000 },
  CO: { min: 0, max: 100 },
  // Flue gas (表B.2): [phys] minimum 0 (and 100 % for shares), maximum [212] from the data type.
  a21026: { min: 0, max: 99999.99 }, // SO2 N5.2
  a21002: { min: 0, max: 99999.9 }, // NOx N5.1
  a34013: { min: 0, max: 9999 }, // 烟尘 N4
  a19001: { min: 0, max: 100 }, // O2 % [phys]
  a01012: { min: -50, max: 999.9 }, // 烟气温度 N3.1; −50 ℃ [M] (a stack outdoors in a northern winter)
  a01013: { min: -99999.999, max: 99999.999 }, // 烟气压力 N5.3 (a gauge pressure may be negative)
  a01014: { min: 0, max: 100 }, // 烟气湿度 % [phys]
  a01011: { min: 0, max: 99999.99 }, // 烟气流速 N5.2
  a00000: { min: 0, max: 999999.9 }, // 废气流量 N6.1
  a24088: { min: 0, max: 9999999.999 }, // NMHC N7.3
  // Waste water (表B.1).
  w01018: { min: 0, max: 99999.9 }, // COD N5.1
  w21003: { min: 0, max: 9999.99 }, // 氨氮 N4.2
  w21011: { min: 0, max: 999.99 }, // 总磷 N3.2
  w21001: { min: 0, max: 9999.99 }, // 总氮 N4.2
  w01001: { min: 0, max: 14 }, // pH [phys]
  w00000: { min: 0, max: 99999.99 }, // 污水流量 N5.2
};

/**
 * [M] How far back a 补传 (resend of stored data after an outage) may reach: 90 days lets a logger that was cut
 * off for a season deliver what it kept; anything older rewrites settled history, so it needs an operator to
 * widen the window for that device on purpose.
 */
export const DEFAULT_BACKFILL_DAYS = 90;

/**
 * [M] How far a DataTime may be ahead of the receiver's clock: 10 minutes. More is a logger clock to be set
 * (HJ 212 CN 1012), and the device page says by how much; the dashboard's "latest hour" never moves further
 * ahead than this.
 */
export const DEFAULT_CLOCK_SKEW_S = 600;
