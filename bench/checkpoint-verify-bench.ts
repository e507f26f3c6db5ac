/**
 * `npx tsx bench/checkpoint-verify-bench.ts [packets]` (default 200,000): the raw packet chain verified alone and
 * held against its signed checkpoints (issue 11), on a fresh SQLite file with ~1 KB packets and one daily
 * checkpoint per 5,000 packets. Shows that the checkpoint check rides on the chain's own paged walk: the memory
 * stays flat whatever the chain's length (compare two lengths), and the time is that of the walk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDailyCheckpoints } from '#services/checkpoints/checkpoint.service.ts';
import { readCheckpointLines } from '#services/checkpoints/checkpoint-file.ts';
import { loadVerifyingKeys } from '#services/checkpoints/checkpoint-key.ts';
import { checkpointSettings } from '#services/checkpoints/checkpoint-paths.ts';
import { verifyAgainstCheckpoints } from '#services/checkpoints/checkpoint-verify.service.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { openDb } from '#store/open-db.ts';
import { verifyRawPacketChain } from '#store/raw-packet-chain.repository.ts';
import { appendRawPackets } from '#store/raw-packets.repository.ts';

const PACKETS = Number(process.argv[2] ?? 200_000);
const PER_DAY = 5_000;
const dir = mkdtempSync(join(tmpdir(), 'qs-bench-cp-'));
const path = join(dir, 'bench.sqlite');
const db = await openDb(path);
await migrateToLatest(db.db);
const settings = checkpointSettings({ db: path });
const body = 'a'.repeat(900);
let day = Date.UTC(2026, 0, 1);
for (let i = 0; i < PACKETS; i += PER_DAY) {
  await appendRawPackets(
    db.db,
    Array.from({ length: Math.min(PER_DAY, PACKETS - i) }, (_, j) => ({
      received_at: day + j,
      peer: '127.0.0.1:1',
      mn: 'BENCH',
      cn: '2011',
      qn: null,
      bytes: Buffer.from(`##${i + j}${body}`),
      verdict: 'stored' as const,
      reason: null,
    })),
  );
  await writeDailyCheckpoints({ db: db.db, settings, now: () => day });
  day += 86_400_000;
}
const rssMiB = () => Math.round(process.memoryUsage().rss / 2 ** 20);
let t = performance.now();
const plain = await verifyRawPacketChain(db.db);
const plainMs = Math.round(performance.now() - t);
const rssPlain = rssMiB();
const keys = await loadVerifyingKeys([settings.publicKeyFile]);
t = performance.now();
const report = await verifyAgainstCheckpoints(db.db, readCheckpointLines(settings.checkpointFile), keys, [
  'raw_packets',
]);
const anchoredMs = Math.round(performance.now() - t);
console.log(
  `${PACKETS} packets, ${report.chains[0]?.checkpoints} checkpoints (${report.chains[0]?.match.held} hold; chain ok: ${plain.ok}): ` +
    `verify ${plainMs} ms (rss ${rssPlain} MiB), with checkpoints ${anchoredMs} ms (rss ${rssMiB()} MiB)`,
);
await db.close();
rmSync(dir, { recursive: true, force: true });
