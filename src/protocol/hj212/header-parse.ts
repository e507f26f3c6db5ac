import type { Deviation } from './result-types.ts';
import type { CpParam } from './types.ts';

/** Raw header values as sent, before validation. */
export interface RawHeader {
  qn?: string;
  st?: string;
  cn?: string;
  pw?: string;
  mn?: string;
  flag?: string;
  pnum?: string;
  pno?: string;
  rf?: string;
  extra?: CpParam[];
}

/** Store a known header key; returns its 表3 rank (1..8, 0 for RF) or -1 for an unknown key. */
function assign(h: RawHeader, key: string, value: string, deviations: Deviation[]): number {
  let rank: number;
  let old: string | undefined;
  switch (key) {
    case 'QN':
      old = h.qn;
      h.qn ??= value;
      rank = 1;
      break;
    case 'ST':
      old = h.st;
      h.st ??= value;
      rank = 2;
      break;
    case 'CN':
      old = h.cn;
      h.cn ??= value;
      rank = 3;
      break;
    case 'PW':
      old = h.pw;
      h.pw ??= value;
      rank = 4;
      break;
    case 'MN':
      old = h.mn;
      h.mn ??= value;
      rank = 5;
      break;
    case 'Flag':
      old = h.flag;
      h.flag ??= value;
      rank = 6;
      break;
    case 'PNUM':
      old = h.pnum;
      h.pnum ??= value;
      rank = 7;
      break;
    case 'PNO':
      old = h.pno;
      h.pno ??= value;
      rank = 8;
      break;
    // RF (HJ 212-2025 [M]) has no known fixed place, so it is not ranked.
    case 'RF':
      old = h.rf;
      h.rf ??= value;
      rank = 0;
      break;
    default:
      return -1;
  }
  if (old !== undefined)
    deviations.push({ code: 'duplicate-header-field', message: 'header key sent twice', detail: key });
  return rank;
}

/** Some deviations are worth reporting once per packet; only reached on the rare, deviant path. */
function noteOnce(deviations: Deviation[], d: Deviation): void {
  if (!deviations.some((x) => x.code === d.code)) deviations.push(d);
}

/**
 * Parse the header part of the data segment (everything before `CP=`), HJ 212-2017 §6.3.2 表3:
 * `QN=…;ST=…;CN=…;PW=…;MN=…;Flag=…;[PNUM=…;PNO=…;]`. Tolerates the standard's own typos (comma instead of `;`,
 * 附录C C.22) and stray spaces, reporting each as a deviation.
 */
export function parseHeader(text: string, end: number, deviations: Deviation[]): RawHeader {
  const h: RawHeader = {};
  let lastRank = 0;
  let i = 0;
  while (i < end) {
    let j = i;
    let eq = -1;
    let space = false;
    for (; j < end; j++) {
      const c = text.charCodeAt(j);
      if (c === 59) break;
      if (c === 32) space = true;
      if (c === 44) {
        noteOnce(deviations, {
          code: 'header-separator',
          message: 'comma between header fields (表3 uses ";")',
        });
        break;
      }
      if (c === 61 && eq < 0) eq = j;
    }
    if (j > i) {
      let key = eq < 0 ? text.slice(i, j) : text.slice(i, eq);
      let value = eq < 0 ? '' : text.slice(eq + 1, j);
      if (space) {
        noteOnce(deviations, {
          code: 'header-whitespace',
          message: 'spaces inside header fields',
          detail: key,
        });
        key = key.trim();
        value = value.trim();
      }
      const rank = assign(h, key, value, deviations);
      if (rank < 0) {
        deviations.push({ code: 'unknown-header-field', message: 'header key not in 表3', detail: key });
        if (h.extra === undefined) h.extra = [];
        h.extra.push({ key, text: value });
      } else if (rank > 0) {
        if (rank < lastRank) {
          noteOnce(deviations, {
            code: 'header-order',
            message: 'header fields not in 表3 order',
            detail: key,
          });
        }
        lastRank = rank;
      }
    }
    i = j + 1;
  }
  return h;
}
