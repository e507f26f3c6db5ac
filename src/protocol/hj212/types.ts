/** Public data model of the HJ 212 codec. Plain data only, so packets can cross worker/JSON boundaries. */

/** Which revision a packet claims: Flag version bits V5..V0 (HJ 212-2017 §6.3.2 表3; 2025 per hj212.md §8 [M]). */
export type ProtocolVersion = '2005' | '2017' | '2025' | 'unknown';

/** Flag field split into its bits (HJ 212-2017 §6.3.2 表3: `V5 V4 V3 V2 V1 V0 D A`). */
export interface PacketFlag {
  /** The integer as sent (0..255). */
  readonly value: number;
  /** V5..V0 as an integer: 0 = HJ/T 212-2005, 1 = HJ 212-2017, 2 = HJ 212-2025 [M]. */
  readonly versionBits: number;
  readonly version: ProtocolVersion;
  /** A: the receiver must answer (9014 for data, 9011/9013 otherwise). */
  readonly ackRequired: boolean;
  /** D: the packet is one part of a split message and carries PNUM/PNO. */
  readonly split: boolean;
}

/** `YYYYMMDDhhmmss` (optionally with 3 ms digits, seen from some devices) split into parts; local time, no zone. */
export interface DataTimeParts {
  readonly text: string;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** One `xxxxxx-Name=value` field of a factor, exact text kept alongside the parsed number. */
export interface FactorField {
  /** Field name after the first `-`: Rtd, Avg, Min, Max, Cou, ZsRtd, …, Flag, EFlag, SampleTime, Info, SN. */
  readonly name: string;
  /** Value exactly as sent (Info keeps its `//…//` wrapping stripped). */
  readonly text: string;
  /** Parsed number for numeric fields when the text is a finite decimal; undefined otherwise. */
  readonly value: number | undefined;
}

/** All fields sent for one factor (pollutant / parameter code), in the order they were sent. */
export interface CpFactor {
  /** Code exactly as sent (`a21026`, `w01018`, legacy `02`, vendor `PM25`). */
  readonly code: string;
  /** For HJ/T 212-2005 packets: the 2017 code mapped by the 原编码 column of HJ 212-2017 附录B, if known. */
  readonly mappedCode?: string;
  readonly fields: FactorField[];
  /** Shortcut to the `-Flag` field: data flag N F M S D C T B (HJ 212-2017 §6.3.3 表8) or a vendor flag. */
  readonly flag?: string;
}

/** A CP key that is not a factor field: RtdInterval, QnRtn, ExeRtn, PolId, SystemTime, BeginTime, … */
export interface CpParam {
  readonly key: string;
  readonly text: string;
}

/** Parsed CP (指令参数) region, HJ 212-2017 §6.3.3. */
export interface CpData {
  /** First `DataTime` of the CP, if any (further DataTime keys stay in `params`). */
  readonly dataTime?: DataTimeParts | { readonly text: string };
  readonly params: CpParam[];
  readonly factors: CpFactor[];
}

/** A decoded packet (数据段 fields, HJ 212-2017 §6.3.2 表3). */
export interface Hj212Packet {
  readonly version: ProtocolVersion;
  readonly qn?: string;
  readonly st: string;
  readonly cn: string;
  readonly pw?: string;
  readonly mn: string;
  /** Absent on many HJ/T 212-2005 devices. */
  readonly flag?: PacketFlag;
  readonly pnum?: number;
  readonly pno?: number;
  /** HJ 212-2025 `RF=1`: data re-sent after a gap (补传) [M]. */
  readonly resend?: boolean;
  /** Header keys the standard does not define, kept in order. */
  readonly extraHeader?: CpParam[];
  /** CP content between `CP=&&` and the final `&&`, decrypted when it was SM4-encrypted. */
  readonly cpText: string;
  readonly cp: CpData;
  /** True when the CP arrived SM4-encrypted (HJ 212-2025 [M]) and was decrypted with the given key. */
  readonly encrypted: boolean;
}
