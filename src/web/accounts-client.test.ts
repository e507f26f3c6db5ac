import { describe, expect, it } from 'vitest';
import { LOGIN_REFUSED } from '../server/auth-routes.ts';
import type { RoleBody } from './api.ts';
import { randomPassword, validateUser } from './components/admin/user-validation.ts';
import { localMessage } from './i18n.ts';
import { nextAfterLogin } from './router.ts';

const ROLES: RoleBody[] = [
  { id: 'township', nameZh: '乡镇街道用户', nameEn: 'Township', scope: 'organisation', permissions: [] },
  { id: 'leader', nameZh: '区领导', nameEn: 'Leader', scope: 'all', permissions: [] },
];

describe('after log-in, back to where the user came from — inside this app only', () => {
  it.each([
    ['?next=%2Fadmin%2Fusers', '/admin/users'],
    ['?next=/station/QB-T01', '/station/QB-T01'],
    ['', '/'],
    ['?next=https://evil.example/', '/'],
    ['?next=//evil.example/', '/'],
    ['?next=/\\evil.example/', '/'],
    ['?next=/login', '/'],
  ])('%s → %s', (search, expected) => {
    expect(nextAfterLogin(search)).toBe(expected);
  });
});

describe('the API message in the current language', () => {
  it('takes the part before or after " / "', () => {
    const m = '用户名或密码错误 / wrong username or password';
    expect(localMessage(m, 'zh')).toBe('用户名或密码错误');
    expect(localMessage(m, 'en')).toBe('wrong username or password');
    expect(localMessage('500 Internal Server Error', 'zh')).toBe('500 Internal Server Error');
  });

  it('also after a full-width bracket with no space before the slash (the log-in refusal once read so)', () => {
    const m = '用户名或密码错误（连续失败 5 次将锁定 15 分钟）/ wrong username or password';
    expect(localMessage(m, 'zh')).toBe('用户名或密码错误（连续失败 5 次将锁定 15 分钟）');
    expect(localMessage(m, 'en')).toBe('wrong username or password');
    expect(localMessage(LOGIN_REFUSED, 'zh')).not.toMatch(/[a-z]/);
  });

  it('a validation message of several problems: all of them, in one language', () => {
    const m = 'kind：取值无效；pm25：必填（数字） / kind: Invalid option; pm25: Invalid input';
    expect(localMessage(m, 'zh')).toBe('kind：取值无效；pm25：必填（数字）');
    expect(localMessage(m, 'en')).toBe('kind: Invalid option; pm25: Invalid input');
  });
});

describe('user form rules', () => {
  const ok = { username: 'jinshan01', displayName: '张三', password: 'long-enough-1', roles: ['leader'] };
  it('accepts a valid user and names each problem', () => {
    expect(validateUser({ ...ok, organisationId: null }, ROLES)).toEqual({});
    expect(
      validateUser({ username: 'Bad Name', displayName: ' ', password: 'short', roles: [] }, ROLES),
    ).toEqual({
      username: 'v.username',
      displayName: 'v.displayName',
      password: 'v.password',
      roles: 'v.roles',
    });
  });
  it('needs an organisation for township and department roles', () => {
    expect(validateUser({ ...ok, roles: ['township'], organisationId: null }, ROLES)).toEqual({
      organisationId: 'v.organisation',
    });
    expect(validateUser({ ...ok, roles: ['township'], organisationId: '410611001' }, ROLES)).toEqual({});
  });
  it('generates passwords the server accepts', () => {
    const p = randomPassword();
    expect(p).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(randomPassword()).not.toBe(p);
  });
});
