/**
 * HJ/T 212-2005 compatibility. HJ 212-2017 附录B gives the old code of each factor in its 原编码 column, so the
 * mapping below is taken from the standard itself (hj212.md §3/§4), not from third-party tables.
 */

/** 原编码 (HJ/T 212-2005) → HJ 212-2017 code. Air codes are 2 chars or S/B-prefixed, water codes 3 digits. */
export const LEGACY_TO_2017: ReadonlyMap<string, string> = new Map([
  // 表B.2 air / flue gas
  ['B02', 'a00000'],
  ['S02', 'a01011'],
  ['S03', 'a01012'],
  ['S08', 'a01013'],
  ['S05', 'a01014'],
  ['S04', 'a01017'],
  ['S01', 'a19001'],
  ['03', 'a21002'],
  ['04', 'a21005'],
  ['02', 'a21026'],
  ['25', 'a24087'],
  ['01', 'a34013'],
  // 表B.1 water
  ['B01', 'w00000'],
  ['001', 'w01001'],
  ['003', 'w01012'],
  ['010', 'w01017'],
  ['011', 'w01018'],
  ['065', 'w21001'],
  ['060', 'w21003'],
  ['101', 'w21011'],
  ['080', 'w22001'],
  ['110', 'w23002'],
  ['070', 'w21016'],
  ['072', 'w21017'],
]);

/** 2017 code → 原编码, the reverse of {@link LEGACY_TO_2017}. */
export const CODE_2017_TO_LEGACY: ReadonlyMap<string, string> = new Map(
  [...LEGACY_TO_2017].map(([legacy, code]) => [code, legacy]),
);

/** Map an HJ/T 212-2005 factor code to its HJ 212-2017 code (undefined when the standard lists none). */
export function mapLegacyFactorCode(code: string): string | undefined {
  return LEGACY_TO_2017.get(code);
}

/** HJ/T 212-2005 data flags (pollution sources), replaced by 表8 in 2017 (hj212.md §1.7). */
export const LEGACY_DATA_FLAGS: Readonly<Record<string, string>> = {
  P: '电源故障',
  F: '排放源停运',
  C: '校验',
  M: '维护',
  T: '超测上限',
  D: '故障',
  S: '设定值',
  N: '正常',
};

/**
 * Whether a packet is HJ/T 212-2005 style: Flag absent or version bits 000000 (HJ 212-2017 §6.3.2 表3 defines
 * 000000 as the 2005 version; 2005 devices send 0–3 or no Flag at all, hj212.md §3).
 */
export function isLegacyFlag(flagValue: number | undefined): boolean {
  return flagValue === undefined || flagValue >>> 2 === 0;
}
