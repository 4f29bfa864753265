// Type declarations for credit-check/names: the names people read for the ids and raw values a
// verdict carries. The names of ids come from the core's vocabulary (`vocabulary()`).

import type { Vocabulary } from './index.js';

type Lang = 'zh-CN' | 'en' | (string & {});

/** The vocabulary's tables: `'listTypes'`, `'decisions'`, `'effects'`, … */
export type VocabularyTable = keyof Vocabulary;

/**
 * One entry of the core's vocabulary (`term('listTypes', 'LT-SXBZXR')` → `{ id, zh, en, colour }`),
 * or null when the id is not in it or the module is not loaded yet.
 */
export function term<T extends VocabularyTable>(table: T, id: string): Vocabulary[T][number] | null;

/** The name of a vocabulary id in `lang` ('zh-CN' default, 'en'), or the id when it has none. */
/** Uses `v` (a `vocabulary()` result, e.g. from `CheckerWorker.vocabulary()`) for the names. */
export function useVocabulary(v: Vocabulary): void;
/** Makes the names available: the checker's vocabulary, else the full module on this thread. Never rejects. */
export function loadVocabulary(checker?: { vocabulary?: () => Vocabulary | Promise<Vocabulary> } | null): Promise<void>;
/** A whole table of the vocabulary, or [] before one is loaded. */
export function vocabularyRows<T extends VocabularyTable>(table: T): Vocabulary[T];
export function termName(table: VocabularyTable, id: string, lang?: Lang): string;

/** A list type's name in `lang` ('zh-CN' default, 'en'), or the id when it is not catalogued. */
export function listName(id: string, lang?: Lang): string;

/** A scenario's name in `lang`, or the id when it is not known. */
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
