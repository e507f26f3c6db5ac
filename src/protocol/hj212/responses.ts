/**
 * Builders for the interaction answers of HJ 212-2017 §6.5 / 附录C (and the 2025 heartbeat [M]). They return a
 * `PacketInput`; pass it to `encodePacket`. Every answer uses ST=91 (表5 系统交互) and echoes QN, PW and MN of the
 * packet it answers (§6.1: "QN … 应答时返回原 QN").
 */
import { CN, ST_SYSTEM } from './codes.ts';
import type { PacketInput } from './encode.ts';
import { buildFlag, VERSION_BITS } from './flag.ts';
import type { Hj212Packet, ProtocolVersion } from './types.ts';

type Answered = Pick<Hj212Packet, 'qn' | 'pw' | 'mn' | 'flag' | 'version'>;

/** Flag of an answer: the sender's version, no ack requested, not split (e.g. 9014 answers carry Flag=4 in 2017). */
export function answerFlag(to: Answered): number | undefined {
  // HJ/T 212-2005 senders often have no Flag at all; answering without one matches what they send.
  if (to.flag === undefined) return undefined;
  const version: ProtocolVersion = to.flag.version;
  return version === 'unknown' ? to.flag.versionBits << 2 : VERSION_BITS[version] << 2;
}

function answer(to: Answered, cn: string, cp: string): PacketInput {
  const flag = answerFlag(to);
  return {
    ...(to.qn !== undefined ? { qn: to.qn } : {}),
    st: ST_SYSTEM,
    cn,
    ...(to.pw !== undefined ? { pw: to.pw } : {}),
    mn: to.mn,
    ...(flag !== undefined ? { flag } : {}),
    cp,
  };
}

/** True when the packet asks for an answer (Flag bit A, 表3). */
export function needsAck(p: Pick<Hj212Packet, 'flag'>): boolean {
  return p.flag?.ackRequired === true;
}

/** 9014 数据应答 for an upload with A=1 (附录C: `ST=91;CN=9014;…;Flag=4;CP=&&&&`); one per sub-packet. */
export function buildDataAck(to: Answered): PacketInput {
  return answer(to, CN.dataAnswer, '');
}

/** 9011 请求应答 with QnRtn (表7: 1 准备执行, 2 拒绝, 3 PW 错误, … 9 CRC 错误, 100 未知). */
export function buildRequestAnswer(to: Answered, qnRtn: number): PacketInput {
  return answer(to, CN.requestAnswer, `QnRtn=${qnRtn}`);
}

/** 9012 执行结果 with ExeRtn (表6: 1 成功, 2 失败, … 100 没有数据). */
export function buildExecutionAnswer(to: Answered, exeRtn: number): PacketInput {
  return answer(to, CN.executionAnswer, `ExeRtn=${exeRtn}`);
}

/** 9013 通知应答, e.g. to a station's 1013 time-calibration request (附录C C.4 sends `CP=&& &&`; we send `&&&&`). */
export function buildNotifyAnswer(to: Answered): PacketInput {
  return answer(to, CN.notifyAnswer, '');
}

export interface HeartbeatInput {
  readonly qn: string;
  readonly mn: string;
  readonly pw?: string;
  /** Default 91. The 2025 text was not available; ST of a heartbeat is an assumption [M]. */
  readonly st?: string;
  readonly ackRequired?: boolean;
}

/** HJ 212-2025 9015 心跳包 [M] (hj212.md §8): empty CP, 2025 version bits. */
export function buildHeartbeat(input: HeartbeatInput): PacketInput {
  return {
    qn: input.qn,
    st: input.st ?? ST_SYSTEM,
    cn: CN.heartbeat,
    ...(input.pw !== undefined ? { pw: input.pw } : {}),
    mn: input.mn,
    flag: buildFlag({ version: '2025', ackRequired: input.ackRequired ?? false }),
    cp: '',
  };
}

/** True for a 2025 heartbeat (CN=9015) [M]. */
export function isHeartbeat(p: Pick<Hj212Packet, 'cn'>): boolean {
  return p.cn === CN.heartbeat;
}
