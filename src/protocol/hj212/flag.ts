import type { PacketFlag, ProtocolVersion } from './types.ts';

/** Version bits V5..V0 (HJ 212-2017 §6.3.2 表3): 000000 HJ/T 212-2005, 000001 HJ 212-2017; 000010 HJ 212-2025 [M]. */
export const VERSION_BITS: Readonly<Record<Exclude<ProtocolVersion, 'unknown'>, number>> = {
  '2005': 0,
  '2017': 1,
  '2025': 2,
};

function versionOfBits(bits: number): ProtocolVersion {
  if (bits === 0) return '2005';
  if (bits === 1) return '2017';
  if (bits === 2) return '2025';
  return 'unknown';
}

/** Split a Flag integer into its bits; bit0 = A (应答), bit1 = D (拆分包), bits2-7 = version (表3). */
export function parseFlag(value: number): PacketFlag {
  const versionBits = (value >>> 2) & 0x3f;
  return {
    value,
    versionBits,
    version: versionOfBits(versionBits),
    ackRequired: (value & 1) === 1,
    split: (value & 2) === 2,
  };
}

export interface FlagInput {
  readonly version?: Exclude<ProtocolVersion, 'unknown'>;
  readonly ackRequired?: boolean;
  readonly split?: boolean;
}

/** Build a Flag integer; default version 2017 ("Flag=7 表示标准版本为本次修订版本号，数据段需要拆分并且命令需要应答"). */
export function buildFlag(input: FlagInput = {}): number {
  const bits = VERSION_BITS[input.version ?? '2017'];
  return (bits << 2) | (input.split ? 2 : 0) | (input.ackRequired ? 1 : 0);
}
