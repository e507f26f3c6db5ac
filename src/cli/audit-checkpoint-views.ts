import { existsSync } from 'node:fs';
import type { SignedCheckpoint } from '#rules/audit/checkpoint.ts';
import type { CheckpointFinding } from '#rules/audit/checkpoint-match.ts';
import type { WrittenCheckpoints } from '#services/checkpoints/checkpoint.service.ts';
import type { CheckpointSettings } from '#services/checkpoints/checkpoint-paths.ts';
import type { ChainCheck, CheckpointReport } from '#services/checkpoints/checkpoint-verify.service.ts';
import { UserError } from '#services/errors.ts';
import type { Printable } from './output.ts';

/** What `audit verify --checkpoints` and `audit checkpoint` print (issue 11). */

export interface ReportLine {
  ok: boolean;
  line: string;
}

const ROW_WORD: Record<ChainCheck['chain'], string> = {
  audit_log: 'audit chain entry',
  raw_packets: 'raw packet chain packet',
};

const short = (hash: string) => `${hash.slice(0, 16)}…`;
const when = (cp: SignedCheckpoint) => `checkpoint of ${cp.at} (node ${cp.node}, key ${cp.keyId})`;

function findingLine(chain: ChainCheck['chain'], f: CheckpointFinding): ReportLine {
  const cp = f.checkpoint;
  // A node's raw packet chain is named (issue 14): packet ids are global, the chain says whose it was.
  const where = `${ROW_WORD[chain]} ${cp.headId}${cp.chain === chain ? '' : ` (chain ${cp.chain})`}`;
  if (f.kind === 'rewritten') {
    const span = f.after === null ? `up to ${cp.headId}` : `after ${f.after}, up to ${cp.headId}`;
    return {
      ok: false,
      line:
        `检查点不符 CHECKPOINT MISMATCH: ${where} has another hash than its ${when(cp)}: rewritten with the ` +
        `later hashes recomputed (in rows ${span}) — recorded ${short(cp.headHash)}, now ${short(f.hashNow)}`,
    };
  }
  if (f.kind === 'missing') {
    return {
      ok: false,
      line:
        `检查点不符 CHECKPOINT MISMATCH: ${where} is no longer in the chain (cut back, perhaps rebuilt) — ` +
        `${when(cp)} recorded hash ${short(cp.headHash)}`,
    };
  }
  return { ok: true, line: `  (${where}, ${when(cp)}: not checked, the chain breaks before it)` };
}

/** The checkpoint part of the report: the file's lines, then each chain against its checkpoints. */
export function checkpointReportLines(report: CheckpointReport, file: string): ReportLine[] {
  const out: ReportLine[] = [];
  if (report.badCount === 0) {
    out.push({
      ok: true,
      line: `检查点文件 checkpoint file ${file}: ${report.lines} checkpoints, every signature valid`,
    });
  } else {
    for (const b of report.bad) {
      out.push({
        ok: false,
        line: `检查点文件被篡改 checkpoint file FORGED or damaged: line ${b.lineNo}: ${b.reason}`,
      });
    }
    const more = report.badCount - report.bad.length;
    if (more > 0) out.push({ ok: false, line: `  … and ${more} more bad lines` });
  }
  for (const check of report.chains) {
    const contradicted = check.match.findings.filter((f) => f.kind !== 'unchecked').length;
    if (contradicted === 0) {
      out.push({
        ok: true,
        line: `检查点相符 ${check.chain}: ${check.match.held} of ${check.checkpoints} checkpoints hold`,
      });
    }
    for (const f of check.match.findings) out.push(findingLine(check.chain, f));
  }
  if (report.otherChains > 0) {
    out.push({ ok: true, line: `  (${report.otherChains} checkpoints of other chains not checked)` });
  }
  return out;
}

/** The public key files to verify with: those given, else the configured key's public file (or the key itself). */
export function verifyingKeyFiles(
  given: readonly string[] | undefined,
  settings: CheckpointSettings,
): string[] {
  if (given && given.length > 0) return [...given];
  if (existsSync(settings.publicKeyFile)) return [settings.publicKeyFile];
  if (existsSync(settings.keyFile)) return [settings.keyFile];
  throw new UserError(
    'no_public_key',
    `找不到检查点公钥 / no checkpoint public key at ${settings.publicKeyFile}: give --public-key FILE`,
  );
}

/** `audit checkpoint`: the checkpoints just written. */
export function writtenView(w: WrittenCheckpoints): Printable {
  return {
    json: w,
    rows: w.checkpoints.map((c) => ({
      链: c.chain,
      位置: c.headId,
      哈希: c.headHash,
      时间: c.at,
      节点: c.node,
    })),
    title:
      `检查点已写入 checkpoints appended to ${w.file}\n` +
      `  signed with key ${w.keyId}; verify with the public key ${w.publicKeyFile}`,
  };
}
