import { describe, expect, it } from 'vitest';
import { crcToHex, hj212Crc16, hj212CrcHex, modbusCrc16, swapBytes16 } from './crc.ts';

const APPENDIX_A =
  'QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&';
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('HJ 212-2017 附录A CRC', () => {
  it('reproduces the worked example 1C80 over the 101-byte data segment', () => {
    expect(ascii(APPENDIX_A)).toHaveLength(101);
    expect(crcToHex(hj212Crc16(ascii(APPENDIX_A)))).toBe('1C80');
  });

  it('matches the other vectors of hj212.md §2.1', () => {
    expect(hj212Crc16(new Uint8Array())).toBe(0xffff);
    expect(hj212Crc16(Uint8Array.of(0))).toBe(0x4040);
    expect(
      hj212CrcHex('QN=20240601085857223;ST=32;CN=1011;PW=123456;MN=010000A8900016F000169DC0;Flag=9;CP=&&&&'),
    ).toBe('2200');
    const c40 =
      'QN=20160801085857223;ST=32;CN=3020;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&DataTime=20100301145000;PolId=w01018;i11001-Info=//清洗管路//&&';
    expect(ascii(c40)).toHaveLength(152);
    expect(hj212CrcHex(c40)).toBe('9741');
  });

  it('is not CRC-16/MODBUS: MODBUS of the worked example is 0759', () => {
    expect(crcToHex(modbusCrc16(ascii(APPENDIX_A)))).toBe('0759');
    expect(modbusCrc16(ascii('123456789'))).toBe(0x4b37);
    expect(swapBytes16(0xeca6)).toBe(0xa6ec);
  });

  it('only ever yields a low byte in {00,01,40,41,80,81,C0,C1}', () => {
    const lows = new Set<number>();
    for (let i = 0; i < 2000; i++) lows.add(hj212Crc16(ascii(`packet-${i}`)) & 0xff);
    expect([...lows].every((b) => [0x00, 0x01, 0x40, 0x41, 0x80, 0x81, 0xc0, 0xc1].includes(b))).toBe(true);
  });

  it('honours start/end offsets', () => {
    const framed = ascii(`##0101${APPENDIX_A}1C80\r\n`);
    expect(crcToHex(hj212Crc16(framed, 6, 107))).toBe('1C80');
  });
});
