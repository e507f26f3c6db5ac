/** The flat JSON view of a decode result printed by the CLI (shape fixed by issue 3). */
import type { DecodeResult, Deviation, RejectReason } from './result-types.ts';
import type { ProtocolVersion } from './types.ts';

export interface DecodeJsonValue {
  readonly factor: string;
  readonly field: string;
  /** The number when the field is numeric and parses; otherwise the exact text (SampleTime, EFlag, Info…). */
  readonly value: number | string;
  /** The factor's data flag (表8), when sent. */
  readonly flag?: string;
}

export interface DecodeJson {
  readonly ok: boolean;
  readonly reason?: RejectReason;
  readonly crc: 'ok' | 'mismatch' | 'absent';
  readonly version: ProtocolVersion | null;
  readonly qn: string | null;
  readonly st: string | null;
  readonly cn: string | null;
  readonly pw: string | null;
  readonly mn: string | null;
  readonly flag: number | null;
  readonly pnum?: number;
  readonly pno?: number;
  readonly dataTime?: string;
  readonly values: DecodeJsonValue[];
  /** CP items that are not factor fields (RtdInterval, QnRtn, ExeRtn, PolId, SystemTime…), exact text; absent when none. */
  readonly params?: Readonly<Record<string, string>>;
  readonly deviations: Deviation[];
}

/** Flatten a decode result for the CLI: one entry per factor field (the `-Flag` field folds into `flag`). */
export function toDecodeJson(result: DecodeResult): DecodeJson {
  const p = result.ok ? result.packet : result.partial;
  // A reject before the CRC could be computed (bad header/length) reports `mismatch`: nothing was verified.
  const crc = result.crc?.status ?? 'mismatch';
  const values: DecodeJsonValue[] = [];
  if (result.ok) {
    for (const f of result.packet.cp.factors) {
      for (const field of f.fields) {
        if (field.name === 'Flag') continue;
        const value = field.value ?? field.text;
        values.push(
          f.flag === undefined
            ? { factor: f.code, field: field.name, value }
            : { factor: f.code, field: field.name, value, flag: f.flag },
        );
      }
    }
  }
  const out: { -readonly [K in keyof DecodeJson]: DecodeJson[K] } = {
    ok: result.ok,
    crc,
    version: p?.version ?? null,
    qn: p?.qn ?? null,
    st: p?.st ?? null,
    cn: p?.cn ?? null,
    pw: p?.pw ?? null,
    mn: p?.mn ?? null,
    flag: p?.flag?.value ?? null,
    values,
    deviations: result.deviations,
  };
  if (!result.ok) out.reason = result.reason;
  if (p?.pnum !== undefined) out.pnum = p.pnum;
  if (p?.pno !== undefined) out.pno = p.pno;
  if (p?.cp?.dataTime !== undefined) out.dataTime = p.cp.dataTime.text;
  // Answers and commands (9011 QnRtn, 9012 ExeRtn, 1062 RtdInterval) carry their meaning here, not in factors.
  if (result.ok && result.packet.cp.params.length > 0) {
    out.params = Object.fromEntries(result.packet.cp.params.map((x) => [x.key, x.text]));
  }
  return out;
}
