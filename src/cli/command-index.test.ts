import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, commandNameOf } from './command-index.ts';

describe('the command index', () => {
  it.each(COMMAND_MODULES.map((m) => [Object.keys(m.names).join(', '), m] as const))(
    '%s: names and descriptions as the module registers them',
    async (_, module) => {
      const program = new Command('qingshan');
      (await module.load())(program);
      const registered = Object.fromEntries(program.commands.map((c) => [c.name(), c.description()]));
      expect(registered).toEqual(module.names);
    },
  );
});

describe('commandNameOf', () => {
  it.each([
    [['sites'], 'sites'],
    [['--db', 'x.sqlite', 'air', 'report'], 'air'],
    [['--db=x.sqlite', 'audit', 'verify'], 'audit'],
    [['--config', 'c.json', '--db', 'sites', 'places'], 'places'],
    [['help', 'users'], 'users'],
    [['--version'], undefined],
    [['--help'], undefined],
    [[], undefined],
  ])('%j → %s', (args, expected) => {
    expect(commandNameOf(args)).toBe(expected);
  });
});
