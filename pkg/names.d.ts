// Type declarations for credit-check/names: the names people read for the ids and raw values a
// verdict carries, until the core exposes them (one table, in JS).

/** A list type's names and colour. */
export interface ListTypeName {
  zh: string;
  en: string;
  colour: 'black' | 'red' | 'warning';
}

/** The catalogue's 18 list types by id (`'LT-SXBZXR'`, `'RL-NSA'`, …). */
export const LIST_TYPES: Readonly<Record<string, Readonly<ListTypeName>>>;

/** Scenario names by id (`'SC-ZFCG-SUPPLIER'`, …); verdicts carry their own `scenarioName`. */
export const SCENARIOS: Readonly<Record<string, Readonly<{ zh: string; en: string }>>>;

type Lang = 'zh-CN' | 'en' | (string & {});

/** A list type's name in `lang` ('zh-CN' default, 'en'), or the id when it is not catalogued. */
export function listName(id: string, lang?: Lang): string;

/** A scenario's name in `lang`, or the id when it is not known here. */
export function scenarioName(id: string, lang?: Lang): string;

/**
 * A time in China time (Asia/Shanghai): `2026年12月6日 09:30` (zh) or `2026-12-06 09:30` (en).
 * `YYYY-MM-DD` is a date and is shown without a time; `{ time: false }` shows the date only.
 */
export function chinaTime(value: string | number | Date | null | undefined, options?: { lang?: Lang; time?: boolean }): string;

/** Rewrites the RFC 3339 times (and, in Chinese, the ISO dates) inside a text into China time. */
export function humanizeTimes(text: string, lang?: Lang): string;

/** The snapshot's issue number as printed: `第2026120601期` / `issue 2026120601`. */
export function issueNumber(sequence: number | string, lang?: Lang): string;

/** 22 → 二十二 (article numbers, 0–9999). */
export function chineseNumber(n: number): string;

/** A measure's legal basis as officers write it: `《中华人民共和国政府采购法》第二十二条`. */
export function formatCitation(legalBasis: string, lang?: Lang): string;

/** The edition of the rules a measure rests on (`2016年8月`, `2014年8月修正`), or null when unknown. */
export function formatEdition(edition: string | null | undefined, legalBasis?: string | null, lang?: Lang): string | null;
