// Every user-facing string, in Japanese and English. The language is the user's preference
// (GET/PUT /api/v1/me/preferences); before login, the last one used on this browser.
import { createContext, useContext } from "react";
import { en, ja } from "./dict.ts";
import type { Language } from "./types.ts";

export type { Language };
export type Key = keyof typeof en;
type Vars = Record<string, string | number>;

const DICTS: Record<Language, Record<Key, string>> = { en, ja };

function fill(s: string, vars?: Vars): string {
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export interface I18n {
  lang: Language;
  t: (key: Key, vars?: Vars) => string;
  /** The label of a value of a group ("state", "type", "misuse"…), else the value itself. */
  label: (group: string, value: string | null | undefined) => string;
  setLang: (lang: Language) => void;
}

export function makeI18n(lang: Language, setLang: (l: Language) => void): I18n {
  const dict = DICTS[lang];
  const t = (key: Key, vars?: Vars) => fill(dict[key] ?? en[key] ?? key, vars);
  const label = (group: string, value: string | null | undefined) => {
    if (value === null || value === undefined || value === "") return "—";
    const k = `${group}.${value}` as Key;
    return dict[k] ?? en[k] ?? value;
  };
  return { lang, t, label, setLang };
}

export const I18nContext = createContext<I18n>(makeI18n("ja", () => {}));

export function useI18n(): I18n {
  return useContext(I18nContext);
}

const STORAGE_KEY = "mogura.language";

/** The language to start with before the server says: this browser's last, else its own. */
export function initialLanguage(): Language {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved === "ja" || saved === "en") return saved;
  } catch {
    // storage may be off
  }
  return navigator.language?.toLowerCase().startsWith("ja") ? "ja" : "en";
}

export function rememberLanguage(lang: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage may be off
  }
  document.documentElement.lang = lang;
}
