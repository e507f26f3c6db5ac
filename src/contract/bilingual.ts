/**
 * User-facing messages are "中文 / English": Chinese first, the English after (house rule). One definition of
 * the separator, shared by the server and CLI (which build such messages) and the web client (which shows only
 * the part in the interface's language).
 */
export interface BilingualText {
  zh: string;
  en: string;
}

/**
 * The first " / " that separates the two parts. A slash right after a full-width character counts too
 * ("…（15 分钟）/ wrong…"), but a slash inside a word or unit does not ("mg/m³", "https://").
 */
const SEPARATOR = /(?: |(?<=\P{ASCII}))\/ /u;

/** The two parts of a message; a message without a separator is the same text in both. */
export function splitBilingual(message: string): BilingualText {
  const m = SEPARATOR.exec(message);
  if (!m) return { zh: message, en: message };
  return { zh: message.slice(0, m.index).trimEnd(), en: message.slice(m.index + m[0].length).trimStart() };
}

export function joinBilingual(text: BilingualText): string {
  return text.zh === text.en ? text.zh : `${text.zh} / ${text.en}`;
}
