/**
 * HJ 212 decode throughput on one core: `npx tsx bench/hj212-decode-bench.ts`.
 * Goal (issue 3): ≥ 300,000 typical packets/s. Also measures the frame splitter on a glued stream.
 */
import { createFrameSplitter, decodePacket, hj212CrcHex } from '../src/protocol/hj212/index.ts';

function frame(segment: string): Buffer {
  return Buffer.from(
    `##${String(Buffer.byteLength(segment)).padStart(4, '0')}${segment}${hj212CrcHex(segment)}\r\n`,
  );
}

// Typical 2011 real-time packet of an air station (hj212-samples.txt #9 layout, 8 factors).
const REALTIME = frame(
  'QN=20220928142812336;ST=22;CN=2011;PW=123456;MN=JSRCTD000YD107;Flag=5;CP=&&DataTime=20220928142812;' +
    'a34002-Rtd=5,a34002-Flag=N;a34004-Rtd=4,a34004-Flag=N;a21026-Rtd=22.25,a21026-Flag=N;a21004-Rtd=22.7,a21004-Flag=N;' +
    'a21005-Rtd=0.36,a21005-Flag=N;a05024-Rtd=8.82,a05024-Flag=N;a01001-Rtd=17.2,a01001-Flag=N;a01002-Rtd=85,a01002-Flag=N&&',
);
// Typical 2061 hourly packet of a CEMS (hj212-samples.txt #71, 9 factors with Min/Avg/Max/Cou).
const HOURLY = frame(
  'QN=20210722140000509;ST=31;CN=2061;PW=123456;MN=NEWPROTOCOLTEST000000092;Flag=5;CP=&&DataTime=20210722130000;' +
    'a24088-Min=0.0000,a24088-Avg=0.0196,a24088-Max=0.1988,a24088-Cou=0.0003,a24088-Flag=N;a01012-Min=38.9250,a01012-Avg=39.7515,a01012-Max=40.7387,a01012-Flag=T;' +
    'a01013-Min=-130.7116,a01013-Avg=-123.0723,a01013-Max=-115.9674,a01013-Flag=T;a01011-Min=5.4136,a01011-Avg=5.7286,a01011-Max=5.8780,a01011-Flag=T;' +
    'a05002-Min=0.0110,a05002-Avg=0.1293,a05002-Max=1.1489,a05002-Cou=0.0017,a05002-Flag=N;a24087-Min=0.0110,a24087-Avg=0.1489,a24087-Max=1.3478,a24087-Cou=0.0019,a24087-Flag=N;' +
    'a01014-Min=9.4451,a01014-Avg=9.6075,a01014-Max=9.9131,a01014-Flag=T;a19001-Min=15.1661,a19001-Avg=15.1909,a19001-Max=15.2188,a19001-Flag=T;' +
    'a00000-Min=3.7077,a00000-Avg=3.9151,a00000-Max=4.0276,a00000-Cou=12758.2462,a00000-Flag=N&&',
);

function measure(label: string, packet: Buffer, seconds = 2): number {
  if (!decodePacket(packet).ok) throw new Error(`${label}: sample does not decode`);
  for (let i = 0; i < 50_000; i++) decodePacket(packet); // warm-up for the JIT
  let n = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(seconds * 1e9);
  while (process.hrtime.bigint() - start < budget) {
    for (let i = 0; i < 10_000; i++) {
      const r = decodePacket(packet);
      if (r.ok) sink += r.packet.cp.factors.length;
    }
    n += 10_000;
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = n / secs;
  console.log(
    `${label.padEnd(28)} ${packet.length} B  ${Math.round(rate).toLocaleString('en')} packets/s  ` +
      `${((rate * packet.length) / 1e6).toFixed(0)} MB/s  (${(1e6 / rate).toFixed(2)} µs/packet, sink ${sink > 0})`,
  );
  return rate;
}

function measureSplitter(seconds = 2): void {
  const stream = Buffer.concat(Array.from({ length: 1000 }, (_, i) => (i % 2 ? REALTIME : HOURLY)));
  const reads = Array.from({ length: Math.ceil(stream.length / 1460) }, (_, i) =>
    stream.subarray(i * 1460, (i + 1) * 1460),
  );
  let frames = 0;
  const start = process.hrtime.bigint();
  while (Number(process.hrtime.bigint() - start) < seconds * 1e9) {
    const s = createFrameSplitter();
    for (const r of reads) frames += s.push(r).frames.length;
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    `${'frame splitter (1460 B reads)'.padEnd(28)} ${Math.round(frames / secs).toLocaleString('en')} frames/s`,
  );
}

console.log(`Node ${process.version}, one core`);
const a = measure('2011 real-time (8 factors)', REALTIME);
const b = measure('2061 hourly (9 factors)', HOURLY);
measureSplitter();
const goal = 300_000;
console.log(
  `goal ${goal.toLocaleString('en')} packets/s: 2011 ${a >= goal ? 'met' : 'MISSED'}, 2061 ${b >= goal ? 'met' : 'MISSED'}`,
);
