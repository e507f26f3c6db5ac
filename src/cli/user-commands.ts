import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { Actor } from '#services/auth/accounts.service.ts';
import { UserError } from '#services/errors.ts';
import type { Database } from '#store/database.ts';
import { addFormatOption, print } from './command-helpers.ts';
import { type GlobalOptions, withDb, withNewOrExistingDb } from './context.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The accounts' code, loaded when a command runs: `users --help` loads no database code (issue 12). */
async function userCode() {
  const [changes, accounts, sessions, sites, tokens, sessionStore, userStore] = await Promise.all([
    import('#services/auth/account-changes.service.ts'),
    import('#services/auth/accounts.service.ts'),
    import('#services/auth/sessions.service.ts'),
    import('#services/auth/user-sites.service.ts'),
    import('#services/auth/user-tokens.service.ts'),
    import('#store/sessions.repository.ts'),
    import('#store/users.repository.ts'),
  ]);
  return { ...changes, ...accounts, ...sessions, ...sites, ...tokens, ...sessionStore, ...userStore };
}

async function userIdOf(db: Kysely<Database>, username: string): Promise<number> {
  const { findUserByName } = await userCode();
  const user = await findUserByName(db, username.trim().toLowerCase());
  if (!user) throw new UserError('unknown_user', `没有此用户 / no such user: ${username}`, 404);
  return Number(user.id);
}

/** CLI changes are audited as the operating-system account that ran them. */
export function cliActor(): Actor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (some containers): the audit still says the change came from the CLI.
  }
  return { actor: `cli:${name}`, origin: 'cli' };
}

/** --password or --generate, exactly one; a generated password is printed once by the caller. */
async function passwordFrom(opts: { password?: string; generate?: boolean }): Promise<{
  password: string;
  generated: boolean;
}> {
  if ((opts.password === undefined) === (opts.generate !== true)) {
    throw new UserError(
      'bad_arguments',
      '请指定 --password 或 --generate 之一 / give --password or --generate',
    );
  }
  const { generatePassword } = await userCode();
  return opts.generate
    ? { password: generatePassword(), generated: true }
    : { password: opts.password as string, generated: false };
}

export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('用户 accounts: users, roles, passwords');

  users
    .command('add')
    .description(
      'create a user (audited); --generate prints a random password once; the user changes it at first log-in',
    )
    .requiredOption('--username <name>', 'log-in name (a-z 0-9 . _ -)')
    .requiredOption('--name <display>', 'display name, e.g. 金山街道 张三')
    .option('--password <pw>', 'initial password (10+ characters, not spaces, a run or the username)')
    .option('--generate', 'generate a random password and print it once')
    .option(
      '--role <id>',
      'role, repeatable: office-admin leader department township inspector enterprise public',
      collect,
      [],
    )
    .option(
      '--org <id>',
      'organisation: a township code (410611001) or a department (dept.ecology-environment)',
    )
    .action(
      async (
        opts: {
          username: string;
          name: string;
          password?: string;
          generate?: boolean;
          role: string[];
          org?: string;
        },
        cmd: Command,
      ) => {
        const { password, generated } = await passwordFrom(opts);
        const { createUser } = await userCode();
        const user = await withNewOrExistingDb(cmd.optsWithGlobals<GlobalOptions>(), (db) =>
          createUser(
            db.db,
            {
              username: opts.username,
              displayName: opts.name,
              password,
              roles: opts.role,
              organisationId: opts.org ?? null,
              // The operator chose or saw this password: the user replaces it at first log-in.
              mustChangePassword: true,
            },
            cliActor(),
            Date.now(),
          ),
        );
        process.stdout.write(
          `用户已创建 user created: ${user.username} (${user.roles.join(', ') || 'no roles'})\n`,
        );
        if (generated) process.stdout.write(`password (shown only now): ${password}\n`);
      },
    );

  addFormatOption(
    users.command('list').description('users with roles and organisation (no passwords)'),
  ).action(async (opts: { format: string }, cmd: Command) => {
    const { listUserViews } = await userCode();
    const list = await withDb(cmd.optsWithGlobals<GlobalOptions>(), (db) => listUserViews(db.db));
    const rows = list.map((u) => ({
      ID: u.id,
      用户名: u.username,
      姓名: u.displayName,
      角色: u.roles.join(' '),
      单位: u.organisationId,
      启用: u.enabled ? '是' : '否',
      锁定至: u.lockedUntil ? new Date(u.lockedUntil).toISOString() : '',
    }));
    print({ json: list, rows, title: `用户 ${list.length} 个` }, opts.format);
  });

  users
    .command('roles <username>')
    .description("replace a user's roles (audited; the last administrator keeps hers)")
    .option('--role <id>', 'role, repeatable (none = no roles)', collect, [])
    .action(async (username: string, opts: { role: string[] }, cmd: Command) => {
      const { setUserRoles } = await userCode();
      const user = await withDb(cmd.optsWithGlobals<GlobalOptions>(), (db) =>
        setUserRoles(db.db, username, opts.role, cliActor(), Date.now()),
      );
      process.stdout.write(`${user.username}: ${user.roles.join(', ') || 'no roles'}\n`);
    });

  users
    .command('sites <username> [codes...]')
    .description(
      "replace a user's own sites by code: an enterprise's outlets, an inspector's assignments (audited)",
    )
    .action(async (username: string, codes: string[], _opts: unknown, cmd: Command) => {
      const { setUserSites, findUserByName } = await userCode();
      const sites = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) => {
        const user = await findUserByName(db.db, username.trim().toLowerCase());
        if (!user) throw new UserError('unknown_user', `没有此用户 / no such user: ${username}`, 404);
        return setUserSites(db.db, Number(user.id), codes, cliActor(), Date.now());
      });
      process.stdout.write(`${username}: ${sites.join(', ') || 'no sites'}\n`);
    });

  for (const [name, enabled, said] of [
    ['disable', false, '已停用 disabled (sessions ended, API tokens revoked)'],
    ['enable', true, '已启用 enabled'],
  ] as const) {
    users
      .command(`${name} <username>`)
      .description(
        enabled
          ? 'let a disabled user sign in again (audited)'
          : 'stop a user signing in: ends their sessions, revokes their API tokens (audited; not the last administrator)',
      )
      .action(async (username: string, _opts: unknown, cmd: Command) => {
        const { updateUser, findUserByName } = await userCode();
        await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) => {
          const user = await findUserByName(db.db, username.trim().toLowerCase());
          if (!user) throw new UserError('unknown_user', `没有此用户 / no such user: ${username}`, 404);
          return updateUser(db.db, Number(user.id), { enabled }, cliActor(), Date.now());
        });
        process.stdout.write(`${username}: ${said}\n`);
      });
  }

  users
    .command('password <username>')
    .description(
      'set a new password (ends the user’s sessions, revokes their API tokens, clears a lock-out); the user must change it at next log-in',
    )
    .option('--password <pw>', 'the new password (10+ characters, not spaces, a run or the username)')
    .option('--generate', 'generate a random password and print it once')
    .action(async (username: string, opts: { password?: string; generate?: boolean }, cmd: Command) => {
      const { changePassword } = await userCode();
      const { password, generated } = await passwordFrom(opts);
      await withDb(cmd.optsWithGlobals<GlobalOptions>(), (db) =>
        changePassword(db.db, username, password, cliActor(), Date.now()),
      );
      process.stdout.write(`密码已更改 password changed: ${username}\n`);
      if (generated) process.stdout.write(`password (shown only now): ${password}\n`);
    });

  const tokens = program
    .command('tokens')
    .description('API 令牌 tokens for integrations and scripts (Bearer)');

  tokens
    .command('create')
    .description('create an API token for a user; the token is printed once and stored only as a hash')
    .requiredOption('--user <username>', 'whose rights the token carries')
    .requiredOption('--name <name>', 'what it is for, e.g. ci')
    .option('--expires-days <n>', 'refused after this many days (1–3650); default: until revoked')
    .action(async (opts: { user: string; name: string; expiresDays?: string }, cmd: Command) => {
      const { createApiToken } = await userCode();
      const expiresInDays = opts.expiresDays === undefined ? undefined : Number(opts.expiresDays);
      const { token, view } = await withDb(cmd.optsWithGlobals<GlobalOptions>(), (db) =>
        createApiToken(
          db.db,
          { username: opts.user, name: opts.name, expiresInDays },
          cliActor(),
          Date.now(),
        ),
      );
      process.stdout.write(
        `令牌 token ${view.id} (${view.name}) for ${opts.user}, shown only now:\n${token}\n`,
      );
    });

  addFormatOption(
    tokens
      .command('list')
      .description('tokens of every user, or of one (never their secrets)')
      .option('--user <username>', 'only this user’s tokens'),
  ).action(async (opts: { format: string; user?: string }, cmd: Command) => {
    const { tokenView, listApiTokens } = await userCode();
    const list = (
      await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) =>
        listApiTokens(db.db, opts.user === undefined ? undefined : await userIdOf(db.db, opts.user)),
      )
    ).map(tokenView);
    const iso = (t: number | null) => (t === null ? '' : new Date(t).toISOString());
    const rows = list.map((t) => ({
      ID: t.id,
      用户ID: t.userId,
      名称: t.name,
      创建: iso(t.createdAt),
      最近使用: iso(t.lastUsedAt),
      撤销: iso(t.revokedAt),
      到期: iso(t.expiresAt),
    }));
    print({ json: list, rows, title: `令牌 ${list.length} 个` }, opts.format);
  });

  tokens
    .command('revoke-all')
    .description('revoke every live token of a user at once (audited), e.g. after a suspected leak')
    .requiredOption('--user <username>', 'whose tokens')
    .action(async (opts: { user: string }, cmd: Command) => {
      const { revokeAllTokensOfUser } = await userCode();
      const revoked = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) =>
        revokeAllTokensOfUser(db.db, await userIdOf(db.db, opts.user), cliActor(), Date.now()),
      );
      process.stdout.write(
        `令牌已撤销 ${revoked.length} tokens revoked for ${opts.user}: ${revoked.join(', ')}\n`,
      );
    });

  tokens
    .command('revoke <id>')
    .description('revoke a token at once (audited)')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const { revokeToken } = await userCode();
      const n = Number(id);
      if (!Number.isInteger(n) || n < 1)
        throw new UserError('bad_arguments', `不是令牌编号 / not a token id: ${id}`);
      await withDb(cmd.optsWithGlobals<GlobalOptions>(), (db) =>
        revokeToken(db.db, n, cliActor(), Date.now()),
      );
      process.stdout.write(`令牌已撤销 token ${n} revoked\n`);
    });
}
