import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { splitBilingual } from '#contract/bilingual.ts';
import { ApiError } from './api.ts';
import { type Lang, MESSAGES, type MessageKey } from './i18n-messages.ts';

export type { Lang, MessageKey };

const STORAGE_KEY = 'qingshan.lang';

/** Chinese unless the user chose English before (kept in localStorage). */
export function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const table = MESSAGES[lang] as Record<MessageKey, string>;
  return (key, params) => {
    let text = table[key] ?? key;
    if (params) for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
}

export interface LangState {
  lang: Lang;
  t: Translate;
  setLang: (lang: Lang) => void;
}

export const LangContext = createContext<LangState>({ lang: 'zh', t: translator('zh'), setLang: () => {} });

export const useLang = () => useContext(LangContext);

/**
 * The API's messages are "中文 / English" (src/contract/bilingual.ts): the part for the current language (the whole
 * text when it has no separator). Every place that shows a server's message goes through here.
 */
export function localMessage(message: string, lang: Lang): string {
  return splitBilingual(message)[lang];
}

/** What a form or notice shows for a failed call: the API's message in this language, else the error as text. */
export function errorMessage(err: unknown, lang: Lang): string {
  return err instanceof ApiError ? localMessage(err.message, lang) : String(err);
}
