/**
 * commander's error messages (commander 14, lib/command.js) in the house form "中文 / English". commander lets
 * us replace how an error is written (`configureOutput({ outputError })`) but not its words, so each of its
 * message shapes is matched here; a shape not listed still gets a Chinese lead-in.
 */

type Rule = [RegExp, (m: RegExpMatchArray) => string];

/** "option '--x'" or "environment variable 'X'", as commander names the two sides of a conflict. */
const who = (s: string) =>
  s.replace(/^option '(.+)'$/, "选项 '$1'").replace(/^environment variable '(.+)'$/, "环境变量 '$1'");

const RULES: Rule[] = [
  [/^unknown option '(.+)'$/, (m) => `未知选项 '${m[1]}'`],
  [/^unknown command '(.+)'$/, (m) => `未知命令 '${m[1]}'`],
  [/^missing required argument '(.+)'$/, (m) => `缺少必需的参数 '${m[1]}'`],
  [/^option '(.+)' argument missing$/, (m) => `选项 '${m[1]}' 缺少取值`],
  [/^required option '(.+)' not specified$/, (m) => `必须给出选项 '${m[1]}'`],
  [
    /^too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    (m) => `参数过多${m[1] ? `（'${m[1]}'）` : ''}：应为 ${m[2]} 个，收到 ${m[3]} 个`,
  ],
  [
    /^option '(.+)' argument '(.*)' is invalid\.(?: Allowed choices are (.+)\.)?$/,
    (m) => `选项 '${m[1]}' 的取值 '${m[2]}' 无效${m[3] ? `，可选：${m[3]}` : ''}`,
  ],
  [
    /^option '(.+)' value '(.*)' from env '(.+)' is invalid\.(?: Allowed choices are (.+)\.)?$/,
    (m) => `环境变量 '${m[3]}' 给选项 '${m[1]}' 的取值 '${m[2]}' 无效${m[4] ? `，可选：${m[4]}` : ''}`,
  ],
  [
    /^command-argument value '(.*)' is invalid for argument '(.+)'\.(?: Allowed choices are (.+)\.)?$/,
    (m) => `参数 '${m[2]}' 的取值 '${m[1]}' 无效${m[3] ? `，可选：${m[3]}` : ''}`,
  ],
  [/^(.+) cannot be used with (.+)$/, (m) => `${who(m[1] ?? '')} 与 ${who(m[2] ?? '')} 不能同时使用`],
];

/** commander's "(Did you mean --db?)" hint, on the line after its message. */
const HINT = /\n\(Did you mean (?:one of )?(.+)\?\)$/;

/**
 * commander's message ("error: unknown option '--x'\n(Did you mean --db?)") as one line
 * "未知选项 '--x'（是否想用 --db？）/ unknown option '--x' (did you mean --db?)".
 */
export function bilingualParserError(message: string): string {
  let en = message.trim().replace(/^error: /, '');
  const hint = HINT.exec(en);
  if (hint) en = en.slice(0, hint.index);
  const rule = RULES.find(([re]) => re.test(en));
  const zh = rule ? rule[1](en.match(rule[0]) as RegExpMatchArray) : '命令行参数有误';
  if (!hint) return `${zh} / ${en}`;
  return `${zh}（是否想用 ${hint[1]}？）/ ${en} (did you mean ${hint[1]}?)`;
}
