import { describe, expect, it } from 'vitest';
import type { MeBody, TokenListBody } from '#contract/auth.ts';
import { chromiumOrWarn, useDemoBrowser } from './harness.ts';

// Signing in, the user menu, permissions in the navigation and user administration, in real headless Chromium
// against the whole platform (a 3-day demo with its demo users, one per role, password qingshan-demo).
// The browser reports the 401 of a refused log-in and the 422 of a refused new password as failed loads: those
// are expected.
const available = chromiumOrWarn('account');
const demo = useDemoBrowser({ days: 3, available, ignoreConsole: /status of (401|422)/ });

const { open, signIn, errors } = demo;

describe.skipIf(!available)('accounts in Chromium', () => {
  it('an anonymous visitor sees the public pages, a 登录 link and no admin link', async () => {
    const page = await open('/');
    await page.waitForSelector('[data-login-link]');
    expect(await page.locator('[data-login-link]').textContent()).toBe('登录');
    expect(await page.locator('nav [data-nav="admin-users"]').count()).toBe(0);
    expect(await page.locator('nav').textContent()).toContain('总览');
    await page.waitForSelector('[data-page="overview"]');
    await page.context().close();
  });

  it('a wrong password shows the error and stays on the log-in page', async () => {
    const page = await open('/login');
    await signIn(page, 'demo-township', 'not-the-password');
    await page.waitForSelector('[data-login-error]');
    expect(await page.locator('[data-login-error]').textContent()).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.context().close();
  });

  it('demo-township sees no admin link, and /admin/users says 无权限', async () => {
    const page = await open('/login');
    await signIn(page, 'demo-township');
    await page.waitForSelector('[data-user-menu]');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('nav [data-nav="admin-users"]').count()).toBe(0);
    await page.click('[data-user-menu]');
    expect(await page.locator('[data-user-roles]').textContent()).toContain('乡镇街道用户');
    await page.waitForFunction(() => document.querySelector('[data-user-org]')?.textContent === '金山街道');
    await page.goto(`${demo.platform.url}/admin/users`);
    await page.waitForSelector('[data-no-permission]');
    expect(await page.locator('[data-no-permission] h2').textContent()).toBe('无权限');
    await page.context().close();
  });

  it('an anonymous visit to /admin/users goes to log in and comes back there afterwards', async () => {
    const page = await open('/admin/users');
    await page.waitForURL(/\/login\?next=%2Fadmin%2Fusers$/);
    await signIn(page, 'demo-office-admin');
    await page.waitForSelector('[data-users] tr[data-user="demo-township"]');
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    await page.context().close();
  });

  it('the office admin creates a township user, disables it, and that user can no longer sign in', async () => {
    const page = await open('/login');
    await signIn(page, 'demo-office-admin');
    await page.waitForSelector('nav [data-nav="admin-users"]');
    await page.click('nav [data-nav="admin-users"]');
    await page.waitForSelector('[data-users] tr[data-user="demo-office-admin"]');
    expect(await page.locator('[data-users] tbody tr').count()).toBeGreaterThanOrEqual(7);
    const township = page.locator('[data-users] tr[data-user="demo-township"]');
    expect(await township.textContent()).toContain('金山街道');
    expect(await township.locator('[data-col="roles"]').textContent()).toBe('乡镇街道用户');

    // The form says what is missing before anything is sent.
    await page.click('[data-new-user]');
    await page.click('[data-submit-user]');
    await page.waitForSelector('[data-field-error="username"]');
    expect(await page.locator('[data-field-error="password"]').textContent()).toBe('密码至少 10 个字符');

    await page.fill('[data-create-user] input[name="username"]', 'e2e-dahejian');
    await page.fill('[data-create-user] input[name="displayName"]', '大河涧乡 测试');
    await page.fill('[data-create-user] input[name="password"]', 'e2e-Password-123');
    await page.click('[data-create-user] [data-role-checks] label:has(input[value="township"])');
    await page.click('[data-submit-user]');
    await page.waitForSelector('[data-field-error="organisationId"]');
    await page.selectOption('[data-create-user] select[name="organisationId"]', { label: '大河涧乡' });
    await page.click('[data-submit-user]');

    const row = page.locator('[data-users] tr[data-user="e2e-dahejian"]');
    await row.waitFor();
    expect(await page.locator('[data-notice="ok"]').textContent()).toContain('已创建用户 e2e-dahejian');
    expect(await row.textContent()).toContain('大河涧乡 测试');
    expect(await row.locator('[data-col="roles"]').textContent()).toBe('乡镇街道用户');
    expect(await row.locator('[data-state]').getAttribute('data-state')).toBe('enabled');

    // The new user can sign in (elsewhere) while enabled.
    const other = await open('/login');
    await signIn(other, 'e2e-dahejian', 'e2e-Password-123');
    await other.waitForSelector('[data-user-menu]');
    await other.context().close();

    await row.locator('[data-action="disable"]').click();
    await page.waitForSelector('[data-users] tr[data-user="e2e-dahejian"] [data-state="disabled"]');
    expect(await page.locator('[data-notice="ok"]').textContent()).toContain('已停用 e2e-dahejian');

    const refused = await open('/login');
    await signIn(refused, 'e2e-dahejian', 'e2e-Password-123');
    await refused.waitForSelector('[data-login-error]');
    expect(await refused.locator('[data-login-error]').textContent()).toContain('用户名或密码错误');
    await refused.context().close();

    // A password reset shows the generated password once; the roles tab lists permissions in Chinese.
    await row.locator('[data-action="reset"]').click();
    await page.click('[data-reset-user="e2e-dahejian"] [data-confirm-reset]');
    await page.waitForSelector('[data-notice="ok"] [data-secret]');
    expect((await page.locator('[data-secret]').inputValue()).length).toBeGreaterThanOrEqual(20);
    await page.click('[data-tab="roles"]');
    await page.waitForSelector('[data-role="township"]');
    expect(
      await page.locator('[data-role="office-admin"] [data-permission="users:admin"]').textContent(),
    ).toBe('用户与角色管理');
    expect(await page.locator('[data-role="township"] [data-scope]').textContent()).toBe(
      '本单位（乡镇街道或部门）',
    );
    await page.context().close();
  });

  it('creates and revokes an API token on 我的账号, the secret shown once', async () => {
    const page = await open('/login?next=/account');
    await signIn(page, 'demo-inspector');
    await page.waitForSelector('[data-page="account"] [data-create-token]');
    await page.fill('input[name="tokenName"]', '巡查脚本');
    await page.selectOption('select[name="tokenLifetime"]', '90');
    await page.click('[data-create-token] button[type="submit"]');
    await page.waitForSelector('[data-token-created] [data-secret]');
    const secret = await page.locator('[data-token-created] [data-secret]').inputValue();
    expect(secret).toMatch(/^qs_/);
    const me = await fetch(`${demo.platform.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(((await me.json()) as MeBody).user.username).toBe('demo-inspector');
    await page.waitForSelector('[data-token-list] tr[data-token="巡查脚本"] [data-revoke]');
    // It lives 90 days: the list shows that date (Beijing time), and the API agrees.
    const listed = (await (
      await fetch(`${demo.platform.url}/api/tokens`, { headers: { authorization: `Bearer ${secret}` } })
    ).json()) as TokenListBody;
    const mine = listed.tokens.find((k) => k.name === '巡查脚本');
    expect((mine?.expiresAt ?? 0) - (mine?.createdAt ?? 0)).toBe(90 * 86_400_000);
    const shown = await page
      .locator('[data-token-list] tr[data-token="巡查脚本"] [data-expires]')
      .textContent();
    const day = new Date((mine?.expiresAt ?? 0) + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(shown).toContain(day);
    await page.click('[data-token-list] tr[data-token="巡查脚本"] [data-revoke]');
    await page.waitForSelector('[data-token-list] tr[data-token="巡查脚本"].is-off');
    const after = await fetch(`${demo.platform.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(after.status).toBe(401);
    await page.context().close();
  });

  it('after an administrator resets a password, that user must change it before anything else', async () => {
    const admin = await open('/login?next=/admin/users');
    await signIn(admin, 'demo-office-admin');
    const row = admin.locator('[data-users] tr[data-user="demo-department"]');
    await row.waitFor();
    await row.locator('[data-action="reset"]').click();
    await admin.click('[data-reset-user="demo-department"] [data-confirm-reset]');
    await admin.waitForSelector('[data-notice="ok"] [data-secret]');
    const given = await admin.locator('[data-notice="ok"] [data-secret]').inputValue();
    await admin.context().close();

    const page = await open('/login?next=/reports');
    await signIn(page, 'demo-department', given);
    // Taken to the form, wherever they meant to go; no navigation to anything else.
    await page.waitForSelector('[data-must-change-password] [data-password-form]');
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await page.locator('nav a').count()).toBe(0);
    expect(await page.locator('[data-must-change-password] h2').textContent()).toBe('请先修改密码');
    // Every field and the button are touch targets of at least 44 px.
    for (const target of await page.locator('[data-password-form] input, [data-password-submit]').all()) {
      expect((await target.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
    }
    // The API agrees: nothing but the change meanwhile (asked from here, so the browser logs no 403).
    const sitesStatus = async () => {
      const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      return (await fetch(`${demo.platform.url}/api/sites`, { headers: { cookie } })).status;
    };
    expect(await sitesStatus()).toBe(403);

    const fill = async (current: string, next: string, again = next) => {
      await page.fill('input[name="currentPassword"]', current);
      await page.fill('input[name="newPassword"]', next);
      await page.fill('input[name="confirmPassword"]', again);
      await page.click('[data-password-submit]');
    };
    // Checked here: too short, and the two new ones differ.
    await fill(given, 'short');
    await page.waitForSelector('[data-password-error]');
    expect(await page.locator('[data-password-error]').textContent()).toBe('新密码至少 10 个字符');
    await fill(given, 'department-Own-2026', 'department-Own-2027');
    await page.waitForFunction(
      () => document.querySelector('[data-password-error]')?.textContent === '两次输入的新密码不一致',
    );
    // The server's rules otherwise, its message in the page's language only.
    await fill(given, '1234567890');
    await page.waitForFunction(() =>
      document.querySelector('[data-password-error]')?.textContent?.startsWith('密码不能是连续的字符'),
    );
    expect(await page.locator('[data-password-error]').textContent()).not.toContain(' / ');

    await fill(given, 'department-Own-2026');
    await page.waitForSelector('[data-page="overview"]');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('nav [data-nav="reports"]').count()).toBe(1);
    expect(await sitesStatus()).toBe(200);
    await page.context().close();

    // The new password signs in straight to the dashboard.
    const again = await open('/login');
    await signIn(again, 'demo-department', 'department-Own-2026');
    await again.waitForSelector('[data-page="overview"]');
    expect(await again.locator('[data-must-change-password]').count()).toBe(0);
    await again.context().close();
    // Many steps, each a log-in or a password hash: more than the default 30 s on a busy machine.
  }, 90_000);

  it('signing out returns to anonymous', async () => {
    const page = await open('/login');
    await signIn(page, 'demo-leader');
    await page.waitForSelector('[data-user-menu]');
    await page.click('[data-user-menu]');
    await page.click('[data-sign-out]');
    await page.waitForSelector('[data-login-link]');
    expect(await page.locator('[data-user-menu]').count()).toBe(0);
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(401);
    await page.context().close();
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
