/**
 * Typed i18n: `t('key', {param})` where key is a MessageKey (a typo is a compile error). zh-CN is the
 * default; the choice is remembered in localStorage. Numbers and dates use Intl for the locale.
 */
import { useSyncExternalStore } from 'react';
import { createStore } from 'zustand/vanilla';
import type { NoteCode, NoteParams } from '../core/plan/notes';
import { en } from './en';
import { type MessageKey, zhCN } from './zh-CN';

export type { MessageKey };
export type Locale = 'zh-CN' | 'en';

const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem('shequ.locale');
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // storage unavailable (private mode): default
  }
  return 'zh-CN';
}

export const localeStore = createStore<{ locale: Locale }>(() => ({ locale: initialLocale() }));

export function setLocale(locale: Locale): void {
  localeStore.setState({ locale });
  try {
    globalThis.localStorage?.setItem('shequ.locale', locale);
  } catch {
    // ignore
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export type Params = Record<string, string | number>;

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const msg = catalogs[locale][key] ?? zhCN[key];
  if (!params) return msg;
  return msg.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    if (v === undefined) return m;
    return typeof v === 'number' ? formatNumber(locale, v) : v;
  });
}

export function t(key: MessageKey, params?: Params): string {
  return translate(localeStore.getState().locale, key, params);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
export function formatNumber(locale: Locale, v: number, digits = 0): string {
  const k = `${locale}:${digits}`;
  let f = numberFormats.get(k);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits });
    numberFormats.set(k, f);
  }
  return f.format(v);
}

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
export function formatDate(locale: Locale, d: Date): string {
  let f = dateFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    dateFormats.set(locale, f);
  }
  return f.format(d);
}

const collators = new Map<Locale, Intl.Collator>();
export function collator(locale: Locale): Intl.Collator {
  let c = collators.get(locale);
  if (!c) {
    c = new Intl.Collator(locale, { numeric: true });
    collators.set(locale, c);
  }
  return c;
}

/**
 * Builds the locale's number, date and collation formats ahead of use. The first Intl format of a
 * page loads its locale data (~40 ms in Chromium, more on a busy machine): done while the page is
 * idle, it does not lengthen the first render that shows a number (e.g. the optimiser's progress).
 */
export function warmFormats(locale: Locale): void {
  for (const digits of [0, 1, 2]) formatNumber(locale, 0, digits);
  formatDate(locale, new Date(0));
  collator(locale).compare('a', 'b');
}

/**
 * An input issue in the current language: known codes are translated (the engine's English
 * message stays available as a tooltip); unknown codes fall back to the message.
 */
export function issueText(
  locale: Locale,
  i: {
    code: string;
    file: string;
    feature?: string;
    field?: string;
    params?: Record<string, string | number>;
    message: string;
  },
): string {
  const key = `issue.${i.code}` as MessageKey;
  if (!(key in zhCN)) return i.message;
  return translate(locale, key, {
    ...i.params,
    file: i.file,
    feature: i.feature ?? '',
    field: i.field ?? '',
  });
}

/** A note from the engine (why a community cannot be split, a warning) in the current language. */
export function noteText(locale: Locale, note: { code: NoteCode; params: NoteParams }): string {
  // Every note code has a key (a missing one is a compile error here).
  const key: MessageKey = `note.${note.code}`;
  const params: Params = {};
  for (const [name, v] of Object.entries(note.params)) {
    params[name] = Array.isArray(v)
      ? v
          .map((p) => translate(locale, `piece.${p.kind}`, { id: p.id, households: p.households }))
          .join(translate(locale, 'piece.separator'))
      : v;
  }
  return translate(locale, key, params);
}

/** React hook: the translator for the current locale (re-renders on switch). */
export function useI18n() {
  const locale = useSyncExternalStore(
    localeStore.subscribe,
    () => localeStore.getState().locale,
    () => localeStore.getState().locale,
  );
  return {
    locale,
    t: (key: MessageKey, params?: Params) => translate(locale, key, params),
    n: (v: number, digits = 0) => formatNumber(locale, v, digits),
    d: (date: Date) => formatDate(locale, date),
  };
}
