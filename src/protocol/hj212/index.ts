/** HJ 212 (HJ/T 212-2005, HJ 212-2017, HJ 212-2025 [M]) codec: pure, dependency-free, bytes in and out. */

export { encodeEmptyAnswer } from './answer-bytes.ts';
export { CN, DATA_FLAGS, EXE_RTN, QN_RTN, ST_SYSTEM } from './codes.ts';
export type { CpInput, FactorFieldInput, FactorInput } from './cp-serialize.ts';
export { Hj212EncodeError, serializeCp } from './cp-serialize.ts';
export { crcToHex, hj212Crc16, hj212CrcHex, modbusCrc16, swapBytes16 } from './crc.ts';
export {
  addToQn,
  dataTimeProblem,
  dataTimeToEpochMs,
  formatDataTime,
  formatQn,
  parseDataTime,
} from './data-time.ts';
export { decodePacket } from './decode.ts';
export type { DecodeJson, DecodeJsonValue } from './decode-json.ts';
export { toDecodeJson } from './decode-json.ts';
export type { EncodeOptions, PacketInput, SplitOptions } from './encode.ts';
export { dataSegment, encodePacket, encodePacketString, encodePackets, splitPacket } from './encode.ts';
export {
  decryptCpText,
  encryptCpText,
  formatCipherText,
  isEncryptedCp,
  parseCipherText,
} from './encryption.ts';
export type { FactorDomain, FactorInfo } from './factor-codes.ts';
export { FACTOR_CODES, factorInfo } from './factor-codes.ts';
export type { FlagInput } from './flag.ts';
export { buildFlag, parseFlag, VERSION_BITS } from './flag.ts';
export type {
  DiscardedBytes,
  DiscardReason,
  FrameSplitter,
  FrameSplitterOptions,
  SplitResult,
} from './frame-splitter.ts';
export { createFrameSplitter } from './frame-splitter.ts';
export {
  CODE_2017_TO_LEGACY,
  isLegacyFlag,
  LEGACY_DATA_FLAGS,
  LEGACY_TO_2017,
  mapLegacyFactorCode,
} from './legacy-2005.ts';
export type { DroppedMessage, Reassembler, ReassemblerOptions, ReassemblyResult } from './reassembler.ts';
export { createReassembler } from './reassembler.ts';
export type { HeartbeatInput } from './responses.ts';
export {
  buildDataAck,
  buildExecutionAnswer,
  buildHeartbeat,
  buildNotifyAnswer,
  buildRequestAnswer,
  isHeartbeat,
  needsAck,
} from './responses.ts';
export type * from './result-types.ts';
export type { Sm4Ecb } from './sm4-node.ts';
export { createNodeSm4Ecb } from './sm4-node.ts';
export type * from './types.ts';
