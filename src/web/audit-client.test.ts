import { describe, expect, it } from 'vitest';
import type { AuditEntry } from './api.ts';
import {
  AUDIT_ACTIONS,
  auditCsv,
  beijingDayStart,
  changedFields,
  changeLine,
  csvCell,
  entityText,
  labelOf,
  type Names,
  NO_NAMES,
  originLabel,
} from './components/admin/audit-format.ts';
import { translator } from './i18n.ts';

const zh = translator('zh');
const en = translator('en');
const NAMES: Names = {
  users: new Map([['5', 'demo-inspector']]),
  roles: new Map([
    ['township', '乡镇街道用户'],
    ['inspector', '执法人员'],
  ]),
  places: new Map([['410611001', '金山街道']]),
};

describe('an audit entry’s changes: only the fields that changed', () => {
  it('leaves out fields equal before and after', () => {
    const changes = changedFields(
      { displayName: '张三', organisationId: '410611001', enabled: true },
      { displayName: '李四', organisationId: '410611001', enabled: false },
    );
    expect(changes.map((c) => c.key)).toEqual(['displayName', 'enabled']);
    expect(changes.map((c) => changeLine(c, zh))).toEqual(['姓名: 张三 → 李四', '状态: 启用 → 已停用']);
  });

  it('a creation lists what it set; nothing recorded is no change', () => {
    expect(changedFields(null, { note: '沙尘' })).toEqual([
      { key: 'note', before: undefined, after: '沙尘' },
    ]);
    expect(changedFields(null, null)).toEqual([]);
    expect(changedFields({ roles: ['a'] }, { roles: ['a'] })).toEqual([]);
  });

  it('a list says what was added and removed, by name where known', () => {
    const [sites] = changedFields({ sites: ['QB-E01', 'QB-E02'] }, { sites: ['QB-E01', 'QB-T01'] });
    expect(sites?.added).toEqual(['QB-T01']);
    expect(sites?.removed).toEqual(['QB-E02']);
    expect(changeLine(sites as NonNullable<typeof sites>, zh)).toBe('关联站点: +QB-T01 −QB-E02');
    const [roles] = changedFields({ roles: ['township'] }, { roles: ['inspector'] });
    expect(changeLine(roles as NonNullable<typeof roles>, zh, NAMES)).toBe('角色: +执法人员 −乡镇街道用户');
    const [org] = changedFields({ organisationId: null }, { organisationId: '410611001' });
    expect(changeLine(org as NonNullable<typeof org>, zh, NAMES)).toBe(
      '所属单位: 区级（不限单位） → 金山街道',
    );
  });

  it('a value that is not an object is shown whole', () => {
    expect(changedFields('a', 'b')).toEqual([{ key: '', before: 'a', after: 'b' }]);
  });
});

describe('words for actions, objects and origins', () => {
  it('every action the platform writes has a Chinese and an English label', () => {
    for (const a of AUDIT_ACTIONS) {
      expect(labelOf(zh, 'action', a)).not.toBe(a);
      expect(labelOf(en, 'action', a)).not.toBe(a);
    }
    expect(labelOf(zh, 'action', 'set_sites')).toBe('设置关联站点');
    expect(labelOf(zh, 'action', 'something_new')).toBe('something_new');
  });

  it('names a user where the page knows it', () => {
    expect(entityText({ entity: 'user', entityId: '5' }, zh, NAMES)).toBe('用户 demo-inspector');
    expect(entityText({ entity: 'user', entityId: '9' }, zh, NAMES)).toBe('用户 #9');
    expect(entityText({ entity: 'api_token', entityId: '2' }, en, NO_NAMES)).toBe('API token #2');
  });

  it('origins', () => {
    expect(originLabel(zh, 'http 127.0.0.1')).toBe('网页/API 127.0.0.1');
    expect(originLabel(zh, 'cli')).toBe('命令行');
    expect(originLabel(zh, null)).toBe('—');
  });
});

describe('the CSV export', () => {
  const entry: AuditEntry = {
    id: 7,
    at: Date.UTC(2026, 5, 1, 2, 5),
    actor: 'demo-office-admin',
    action: 'set_sites',
    entity: 'user',
    entityId: '5',
    origin: 'http 127.0.0.1',
    before: { sites: ['QB-E01'] },
    after: { sites: ['QB-E01', 'QB-T01'] },
    detail: null,
    hash: 'abc',
  };

  it('starts with a byte-order mark, CRLF lines, Beijing time, labels in the language', () => {
    const csv = auditCsv([entry], zh, NAMES);
    expect(csv.startsWith('\uFEFF编号,时间（北京时间）,操作人,操作,对象,来源,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe(
      '7,2026-06-01 10:05,demo-office-admin,设置关联站点,用户 demo-inspector,网页/API 127.0.0.1,关联站点: +QB-T01,,abc',
    );
    expect(lines[2]).toBe('');
  });

  it('quotes what needs quoting and never lets a cell start a formula', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('a Beijing day starts at 16:00 UTC the day before', () => {
    expect(new Date(beijingDayStart('2026-06-01')).toISOString()).toBe('2026-05-31T16:00:00.000Z');
  });
});
