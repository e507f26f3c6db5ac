/**
 * Factor (监测因子) metadata from HJ 212-2017 附录B: 表B.1 water (引用 HJ 525-2009) and 表B.2 air / flue gas
 * (引用 HJ 524-2009), as transcribed in hj212.md §4. Units are the standard's 缺省计量单位; they are a default,
 * not a fact about any station (hj212.md §4 "Unit trap": store the unit per station/factor).
 */

export type FactorDomain = 'air' | 'water' | 'noise';

export interface FactorInfo {
  readonly code: string;
  /** Chinese name as in the standard. */
  readonly name: string;
  readonly domain: FactorDomain;
  /** Concentration / value unit (缺省计量单位). */
  readonly unit: string;
  /** Unit of the emission amount (`-Cou`), where the standard gives one. */
  readonly amountUnit?: string;
  /** HJ/T 212-2005 code (原编码 column), where the standard gives one. */
  readonly legacyCode?: string;
  /** Data type as printed (e.g. N5.2). */
  readonly dataType?: string;
  /** Caveats about the entry (secondary sources are marked [M]). */
  readonly note?: string;
}

const NG_NOTE = 'Table B.2 prints ng/m³; real air stations send μg/m³ magnitudes (hj212.md §4)';

type Row = readonly [code: string, name: string, unit: string, amount: string, legacy: string, type: string];

// HJ 212-2017 附录B 表B.2 (air / flue gas).
const AIR: readonly Row[] = [
  ['a00000', '废气', 'm³/s', 'm³', 'B02', 'N6.1'],
  ['a01001', '温度', '℃', '', '', 'N3.1'],
  ['a01002', '湿度', '%', '', '', 'N3.1'],
  ['a01006', '气压', 'kPa', '', '', 'N5.3'],
  ['a01007', '风速', 'm/s', '', '', 'N4.1'],
  ['a01008', '风向', '°', '', '', 'N4'],
  ['a01011', '烟气流速', 'm/s', '', 'S02', 'N5.2'],
  ['a01012', '烟气温度', '℃', '', 'S03', 'N3.1'],
  ['a01013', '烟气压力', 'kPa', '', 'S08', 'N5.3'],
  ['a01014', '烟气湿度', '%', '', 'S05', 'N3.1'],
  ['a01017', '烟气动压', 'kPa', '', 'S04', 'N5.3'],
  ['a19001', '氧气含量', '%', '', 'S01', 'N3.1'],
  ['a21002', '氮氧化物', 'mg/m³', 'kg', '03', 'N5.1'],
  ['a21003', '一氧化氮', 'mg/m³', 'kg', '', 'N4.1'],
  ['a21004', '二氧化氮', 'mg/m³', 'kg', '', 'N4.1'],
  ['a21005', '一氧化碳', 'mg/m³', 'kg', '04', 'N3.3'],
  ['a21026', '二氧化硫', 'mg/m³', 'kg', '02', 'N5.2'],
  ['a24087', '碳氢化合物', 'mg/m³', 'kg', '25', 'N5.2'],
  ['a24088', '非甲烷总烃', 'mg/m³', 'kg', '', 'N7.3'],
  ['a05002', '甲烷', 'ng/m³', 'g', '', 'N4.1'],
  ['a34001', '总悬浮颗粒物', 'ng/m³', 'g', '', 'N4.3'],
  ['a34002', '可吸入颗粒物', 'ng/m³', 'g', '', 'N3.3'],
  ['a34004', '细微颗粒物', 'ng/m³', 'g', '', 'N3.3'],
  ['a34005', '亚微米颗粒物', 'ng/m³', 'g', '', 'N3.3'],
  ['a34013', '烟尘', 'mg/m³', 'kg', '01', 'N4'],
];

// HJ 212-2017 附录B 表B.1 (water).
const WATER: readonly Row[] = [
  ['w00000', '污水', 'L/s', 'm³', 'B01', 'N5.2'],
  ['w01001', 'pH值', '无量纲', '', '001', 'N2.2'],
  ['w01009', '溶解氧', 'mg/L', '', '', 'N3.1'],
  ['w01010', '水温', '℃', '', '', 'N3.1'],
  ['w01012', '悬浮物', 'mg/L', 'kg', '003', 'N4'],
  ['w01014', '电导率', 'μS/cm', '', '', 'N3.1'],
  ['w01017', '五日生化需氧量', 'mg/L', 'kg', '010', 'N5.1'],
  ['w01018', '化学需氧量', 'mg/L', 'kg', '011', 'N5.1'],
  ['w01019', '高锰酸盐指数', 'mg/L', 'kg', '', 'N3.1'],
  ['w21001', '总氮', 'mg/L', 'kg', '065', 'N4.2'],
  ['w21003', '氨氮', 'mg/L', 'kg', '060', 'N4.2'],
  ['w21011', '总磷', 'mg/L', 'kg', '101', 'N3.2'],
  ['w22001', '石油类', 'mg/L', 'kg', '080', 'N3.2'],
  ['w23002', '挥发酚', 'mg/L', 'kg', '110', 'N3.4'],
];

// Entries whose unit/type hj212.md does not transcribe; names and 原编码 are from hj212.md §4 prose. [M]
const WATER_PARTIAL: readonly Row[] = [
  ['w21016', '氰化物', 'mg/L', 'kg', '070', ''],
  ['w21017', '氟化物', 'mg/L', 'kg', '072', ''],
];

// HJ 212-2017 附录B 表B.3 noise: dB, N3.1.
const NOISE = ['LA', 'L5', 'L10', 'L50', 'L90', 'L95', 'Leq', 'Ldn', 'Ld', 'Ln', 'LMx', 'LMn'];

function toInfo(domain: FactorDomain, row: Row, note?: string): FactorInfo {
  const [code, name, unit, amount, legacy, type] = row;
  return {
    code,
    name,
    domain,
    unit,
    ...(amount ? { amountUnit: amount } : {}),
    ...(legacy ? { legacyCode: legacy } : {}),
    ...(type ? { dataType: type } : {}),
    ...(note ? { note } : {}),
  };
}

function buildFactorTable(): ReadonlyMap<string, FactorInfo> {
  const map = new Map<string, FactorInfo>();
  for (const row of AIR) map.set(row[0], toInfo('air', row, row[2] === 'ng/m³' ? NG_NOTE : undefined));
  for (const row of WATER) map.set(row[0], toInfo('water', row));
  for (const row of WATER_PARTIAL) map.set(row[0], toInfo('water', row, 'unit not transcribed; assumed [M]'));
  // O3 is not in 表B.2; it comes from HJ 524-2009, which §6.4 cites, and every air station sends it. [M]
  map.set('a05024', {
    code: 'a05024',
    name: '臭氧',
    domain: 'air',
    unit: 'μg/m³',
    note: 'not in HJ 212-2017 表B.2; code from HJ 524-2009, unit as sent by air stations [M]',
  });
  for (const code of NOISE)
    map.set(code, { code, name: `噪声 ${code}`, domain: 'noise', unit: 'dB', dataType: 'N3.1' });
  return map;
}

/** Every factor code known to this codec, keyed by the 2017 code. */
export const FACTOR_CODES: ReadonlyMap<string, FactorInfo> = buildFactorTable();

/** Metadata for a factor code (exact, case-sensitive as §6.3.3 requires), or undefined. */
export function factorInfo(code: string): FactorInfo | undefined {
  return FACTOR_CODES.get(code);
}
