// Type declarations for credit-check. Hand-written; they describe both entries, which export the
// same names: `credit-check` resolves to `node.js` under Node and to `index.js` (browsers,
// workers, bundlers) elsewhere. The shapes follow the Rust core's serialisation (src/validation.rs,
// src/problem.rs, src/audit.rs): camelCase keys; an absent `Option` field is `null` except where
// noted as optional (`?`), which the core leaves out.

import type { OpenShardedOptions, ShardedErrorCode, ShardedInfo, ShardedSnapshot, ShardedStatus, UnavailableCode } from './sharded.js';

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

/**
 * The instance type of a global class such as `Response`, or `never` where the project's type
 * libraries do not declare it (e.g. `"lib": ["es2022"]` without `"dom"` or `@types/node`), so
 * that these declarations compile under any `lib` setting.
 */
type GlobalInstance<Name extends string> = typeof globalThis extends {
  [K in Name]: abstract new (...args: any[]) => infer Instance;
}
  ? Instance
  : never;

/** `WebAssembly.Module`, where the project's type libraries declare it. */
type WasmModule = typeof globalThis extends {
  WebAssembly: { Module: abstract new (...args: any[]) => infer Instance };
}
  ? Instance
  : never;

/**
 * Where to load the WebAssembly module from: a URL (string, `URL`, `Request`), a `Response` or a
 * promise of one (e.g. `fetch(url)`), the bytes (`ArrayBuffer`, `Uint8Array`, Node `Buffer`), or
 * an already compiled `WebAssembly.Module`.
 *
 * Under Node, `fetch` cannot read `file:` URLs: pass the bytes or a compiled module, or call
 * `init()` without an argument (the Node entry then reads the `.wasm` file beside it).
 */
export type InitSource =
  | string
  | GlobalInstance<'URL'>
  | GlobalInstance<'Request'>
  | GlobalInstance<'Response'>
  | PromiseLike<GlobalInstance<'Response'>>
  | ArrayBuffer
  | ArrayBufferView
  | WasmModule;

/**
 * Loads and compiles the WebAssembly module; every other function except {@link isReady} throws
 * a {@link CreditCheckError} with code `NOT_INITIALIZED` until the returned promise has resolved.
 *
 * Safe to call more than once: calls during or after a load share that load and ignore their
 * `source`. A failed load rejects (with the fetch or `WebAssembly` error) and may be
 * retried by calling `init` again.
 *
 * Without `source`, the browser entry fetches `wasm/credit_check_bg.wasm` beside its own script
 * (streaming compilation where the server sends `application/wasm`), and the Node entry reads
 * that file from disk.
 *
 * @param source Where to load the module from; see {@link InitSource}.
 * @returns A promise that resolves (to `undefined`) once the API is ready.
 *
 * @example
 * ```ts
 * import { init, validate } from 'credit-check';
 * await init();
 * validate('91110108551385082Q').ok; // true
 * ```
 *
 * @example
 * ```ts
 * // The .wasm served from elsewhere (the package exports it as 'credit-check/credit_check_bg.wasm'):
 * await init('/assets/credit_check_bg.wasm');
 * // Node, from bytes:
 * await init(await readFile('credit_check_bg.wasm'));
 * ```
 */
export function init(source?: InitSource): Promise<void>;

/**
 * Compiles the .wasm once (streaming where the server sends `application/wasm`) and returns the
 * module; `init()` uses it. Pass it to a worker (`CheckerWorker.load(url, { wasm: module })`) so
 * the page compiles the code once, not once per thread.
 */
export function compileWasm(url?: string | GlobalInstance<'URL'>): Promise<WasmModule>;

/**
 * Whether {@link init} has finished, i.e. whether the other functions can be called without
 * throwing `NOT_INITIALIZED`. Never throws.
 */
export function isReady(): boolean;

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

/**
 * An identifier kind:
 * - `uscc` — 统一社会信用代码, Unified Social Credit Code (GB 32100-2015), 18 characters;
 * - `residentId` — 居民身份证号码, resident ID number (GB 11643), 18 characters or the legacy 15 digits;
 * - `orgCode` — 组织机构代码, organisation code (GB 11714), 8 characters and a check character;
 * - `registrationNumber` — 工商注册号, business registration number, 15 digits;
 * - `taxpayerId` — 纳税人识别号, taxpayer identification number, 15, 18 or 20 characters.
 *
 * Auto-detection and {@link detect} prefer them in this order.
 */
export type IdentifierKind = 'uscc' | 'residentId' | 'orgCode' | 'registrationNumber' | 'taxpayerId';

/**
 * How strictly to judge a code.
 * - `lenient` (the default, for forms): rejects only what cannot be the identifier; real-world
 *   oddities (early pilot codes failing position 18, retired or unknown division codes, unusual
 *   authority/category pairs) are accepted with `warnings`.
 * - `strict` (for data that must follow the standards to the letter): every warning rejects too.
 */
export type Profile = 'lenient' | 'strict';

/**
 * Options of {@link validate}, {@link validateAll}, {@link statusAll} and {@link audit}. A value
 * the core does not know throws a {@link CreditCheckError} with code `INVALID_OPTION`.
 */
export interface ValidateOptions {
  /**
   * The kind the field expects; omitted, `null` or `'auto'` accepts any kind and reports the
   * first that fits (or, when none does, the one whose errors explain the input best).
   * Case and `-`/`_` are ignored (`'resident-id'` works too).
   */
  kind?: IdentifierKind | 'auto' | null;
  /** `'lenient'` (default) or `'strict'`, case-insensitive. */
  profile?: Profile | null;
}

// ---------------------------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------------------------

/**
 * What is wrong, as a stable machine code (every code of the core's `ProblemCode`).
 *
 * | code | meaning |
 * |---|---|
 * | `NOT_A_STRING` | the input is not a string (null, a number, an object…) |
 * | `EMPTY` | nothing left after trimming and dropping separators |
 * | `TOO_LONG` | over 256 characters (not bytes); rejected uncleaned |
 * | `LENGTH` | wrong number of characters for the requested kind |
 * | `ILLEGAL_CHARACTER` | a character that may not stand at `position` |
 * | `CHECK_CHARACTER` | the check character is not the computed one (`expected`/`found`) |
 * | `ORG_CODE_CHECK` | a USCC's embedded organisation code check (position 17) is wrong |
 * | `AUTHORITY_CATEGORY` | a USCC's authority/category pair (positions 1–2) is not in GB 32100's table |
 * | `DIVISION_UNKNOWN` | the division code is in no edition of GB/T 2260 |
 * | `DIVISION_RETIRED` | the division code was retired (`expected` is the year) |
 * | `BIRTH_DATE_INVALID` | an ID number's birth date is not a calendar date |
 * | `BIRTH_DATE_FUTURE` | an ID number's birth date is after today (China time) |
 * | `UNRECOGNIZED` | no kind fits (auto-detection; the length fits none) |
 * | `INVALID_OPTION` | an option has no meaning; only ever thrown, see {@link CreditCheckError} |
 */
export type ProblemCode =
  | 'NOT_A_STRING'
  | 'EMPTY'
  | 'TOO_LONG'
  | 'LENGTH'
  | 'ILLEGAL_CHARACTER'
  | 'CHECK_CHARACTER'
  | 'ORG_CODE_CHECK'
  | 'AUTHORITY_CATEGORY'
  | 'DIVISION_UNKNOWN'
  | 'DIVISION_RETIRED'
  | 'BIRTH_DATE_INVALID'
  | 'BIRTH_DATE_FUTURE'
  | 'UNRECOGNIZED'
  | 'INVALID_OPTION';

/**
 * One finding about an input. The same shape is used for errors (which reject) and warnings
 * (which do not); the {@link Profile} decides which list a finding lands in.
 *
 * @example
 * ```ts
 * const [p] = validate('91110108551385082A').errors;
 * p.code;      // 'CHECK_CHARACTER'
 * p.position;  // 18
 * p.expected;  // 'Q'
 * p.found;     // 'A'
 * p.message;   // '统一社会信用代码校验码错误：第18位应为Q，实为A'
 * ```
 */
export interface Problem {
  /** The stable machine code; switch on this, not on the messages. */
  code: ProblemCode;
  /** The message in Chinese, ready to show under a form field. */
  message: string;
  /** The message in English. */
  messageEn: string;
  /** 1-based position in the normalised (compact) code, where the problem is at one character. Left out otherwise. */
  position?: number;
  /** What should have been there (a character, a length such as `'18'`, a set such as `'0-9, X'`, a year). Left out when not applicable. */
  expected?: string;
  /** What was found instead. Left out when not applicable. */
  found?: string;
}

// ---------------------------------------------------------------------------------------------
// Parts
// ---------------------------------------------------------------------------------------------

/** A code with its Chinese and English names, e.g. `{ code: '9', name: '工商', nameEn: 'industry and commerce (market regulation)' }`. */
export interface Named {
  /** The one character in the code. */
  code: string;
  /** Chinese name. */
  name: string;
  /** English name. */
  nameEn: string;
}

/** Where a division code stands in GB/T 2260: in the newest edition, in an older one only, or in none. */
export type DivisionStatus = 'current' | 'retired' | 'unknown';

/** A division code (GB/T 2260) as found in a code, e.g. `{ code: '110108', name: '北京市海淀区', status: 'current' }`. */
export interface DivisionPart {
  /** Six digits. */
  code: string;
  /** Full name, e.g. `北京市海淀区`. Left out when the code is unknown. */
  name?: string;
  /** `current`, `retired` or `unknown`. */
  status: DivisionStatus;
  /** The year a retired code was retired. Present only when `status` is `retired`. */
  retiredIn?: number;
}

/** Parts of a Unified Social Credit Code. */
export interface UsccParts {
  /** Registration authority (position 1); `null` when the standard does not define the character. */
  authority: Named | null;
  /** Organisation category (position 2); `null` when the authority/category pair is not in the table. */
  category: Named | null;
  /** Division of the registering authority (positions 3–8). */
  division: DivisionPart;
  /** The embedded organisation code (positions 9–17), formatted `XXXXXXXX-X`. */
  orgCode: string;
  /** Position 18. */
  checkCharacter: string;
}

/** Parts of an organisation code. */
export interface OrgCodeParts {
  /** `XXXXXXXX-X`. */
  formatted: string;
  /** The check character (`0`–`9` or `X`). */
  checkCharacter: string;
}

/** Parts of a business registration number. */
export interface RegistrationNumberParts {
  /** The registering authority's division (positions 1–6). */
  division: DivisionPart;
  /** The check digit (position 15). */
  checkCharacter: string;
}

/** Sex, from the parity of an ID number's sequence. */
export type Sex = 'male' | 'female';

/** Parts of a resident ID number. Show `masked`, never the number itself. */
export interface ResidentIdParts {
  /** The address code's division (positions 1–6). */
  address: DivisionPart;
  /** `YYYY-MM-DD`; `null` when the digits are not a calendar date. */
  birthDate: string | null;
  /** From the sequence's parity. */
  sex: Sex;
  /** The number with the birth date hidden, safe to display, e.g. `110105********002X`. */
  masked: string;
  /** Given in the legacy 15-digit form. */
  legacy: boolean;
}

/**
 * Which form a taxpayer number takes:
 * - `divisionOrgCode` — 15 characters: division code + organisation code;
 * - `uscc` — 18 characters: a Unified Social Credit Code;
 * - `residentId` — 18 characters: a resident ID number;
 * - `residentIdSuffix` — 20 characters: a resident ID number and two digits.
 */
export type TaxpayerForm = 'divisionOrgCode' | 'uscc' | 'residentId' | 'residentIdSuffix';

/** Parts of a taxpayer identification number. */
export interface TaxpayerIdParts {
  /** Which form it takes. */
  form: TaxpayerForm;
  /** The division; `null` where it cannot be read. */
  division: DivisionPart | null;
  /** The organisation code `XXXXXXXX-X`; `null` for the ID-number forms. */
  orgCode: string | null;
}

/**
 * The parts of an identifier, one shape per kind. Narrow with the result's `kind` (see
 * {@link Validation}) or with `in`: `'authority' in parts` (USCC), `'formatted' in parts`
 * (organisation code), `'address' in parts` (ID number), `'form' in parts` (taxpayer number).
 */
export type Parts = UsccParts | OrgCodeParts | RegistrationNumberParts | ResidentIdParts | TaxpayerIdParts;

/** The parts shape of each kind. */
export interface PartsByKind {
  uscc: UsccParts;
  residentId: ResidentIdParts;
  orgCode: OrgCodeParts;
  registrationNumber: RegistrationNumberParts;
  taxpayerId: TaxpayerIdParts;
}

// ---------------------------------------------------------------------------------------------
// Validation results
// ---------------------------------------------------------------------------------------------

/** What cleaning changed: trimmed white space, full-width characters read as ASCII, lowercase read as uppercase, inner spaces/hyphens dropped. */
export type Normalization = 'trim' | 'fullWidth' | 'uppercase' | 'separators';

/** The verdict on one input judged as kind `K` (`null`: no kind fits at all). */
export interface ValidationOf<K extends IdentifierKind | null = IdentifierKind | null> {
  /** Accepted under the profile. There may still be `warnings`. */
  ok: boolean;
  /** The kind it was judged as: the requested kind, else the first that fits, else the likeliest; `null` when the length fits no kind. */
  kind: K;
  /**
   * The canonical form when `ok` (organisation codes as `XXXXXXXX-X`, everything else compact),
   * otherwise the cleaned input (at most its first 32 characters); `null` when the input was not
   * a string, empty or too long.
   */
  normalized: string | null;
  /** What cleaning changed, e.g. `['fullWidth', 'uppercase']`; empty when nothing was. */
  normalizations: Normalization[];
  /**
   * The parts, whenever the length and characters are right — even when a check character is
   * wrong, so a form can say which part is off. `null` otherwise.
   */
  parts: (K extends IdentifierKind ? PartsByKind[K] : never) | null;
  /** Problems that reject the input under the profile; empty exactly when `ok`. */
  errors: Problem[];
  /** Problems worth a look that do not reject it (always empty under `strict`). */
  warnings: Problem[];
}

/**
 * The result of {@link validate}: `{ ok, kind, normalized, normalizations, parts, errors, warnings }`.
 * A union over `kind`, so checking `kind` narrows `parts`; with a literal `kind` option,
 * {@link validate} returns the matching member.
 *
 * @example
 * ```ts
 * const v = validate(input);
 * if (v.kind === 'uscc' && v.parts) console.log(v.parts.division.name, v.parts.orgCode);
 * ```
 */
export type Validation =
  | ValidationOf<'uscc'>
  | ValidationOf<'residentId'>
  | ValidationOf<'orgCode'>
  | ValidationOf<'registrationNumber'>
  | ValidationOf<'taxpayerId'>
  | ValidationOf<null>;

/**
 * Validates one input. Never throws for the input itself: anything that is not a string gives
 * `ok: false` with a `NOT_A_STRING` error. Throws a {@link CreditCheckError} for a bad option
 * (`INVALID_OPTION`) or before {@link init} (`NOT_INITIALIZED`).
 *
 * Input is cleaned first: trimmed, full-width characters read as ASCII, lowercase as uppercase,
 * inner spaces and hyphens dropped (see `normalizations`).
 *
 * @param input The value from the form field (anything; only strings can pass).
 * @param options The expected kind and the profile.
 *
 * @example
 * ```ts
 * const v = validate(' ９１１１０１０８ ５５１３８５０８２ｑ ');
 * v.ok;             // true
 * v.kind;           // 'uscc'
 * v.normalized;     // '91110108551385082Q'
 * v.normalizations; // ['trim', 'fullWidth', 'uppercase', 'separators']
 * if (v.kind === 'uscc' && v.parts) v.parts.division.name; // '北京市海淀区'
 *
 * const strict = validate('91350100M000100Y44', { kind: 'uscc', profile: 'strict' });
 * strict.ok;                 // false
 * strict.errors[0].code;     // 'CHECK_CHARACTER'
 * strict.errors[0].expected; // '3'
 * ```
 */
export function validate<K extends IdentifierKind>(input: unknown, options: ValidateOptions & { kind: K }): Extract<Validation, { kind: K }>;
/** Validates one input as any kind (or as `options.kind`); see the overload above. */
export function validate(input: unknown, options?: ValidateOptions): Validation;

/**
 * Validates an array of inputs in one call into WebAssembly; one result per input, in order, the
 * same as calling {@link validate} on each (with one "today" for every ID number's birth date).
 * For counts only, {@link statusAll} is much faster.
 *
 * @throws {CreditCheckError} `NOT_AN_ARRAY` when `inputs` is not an array; `INVALID_OPTION`; `NOT_INITIALIZED`.
 *
 * @example
 * ```ts
 * const results = validateAll(['91110108551385082Q', '55138508-2', null]);
 * results.map((r) => r.ok); // [true, true, false]
 * ```
 */
export function validateAll<K extends IdentifierKind>(inputs: readonly unknown[], options: ValidateOptions & { kind: K }): Extract<Validation, { kind: K }>[];
/** Validates an array of inputs; see the overload above. */
export function validateAll(inputs: readonly unknown[], options?: ValidateOptions): Validation[];

/**
 * The batch status values of {@link statusAll}: `VALID` (0, accepted, nothing unusual),
 * `VALID_WITH_WARNINGS` (1, accepted with warnings), `INVALID` (2, rejected). Frozen.
 */
export const Status: Readonly<{ VALID: 0; VALID_WITH_WARNINGS: 1; INVALID: 2 }>;

/** One status byte: `0` valid, `1` valid with warnings, `2` invalid (see the {@link Status} constant). */
export type Status = 0 | 1 | 2;

/**
 * The status of each input as one byte (see {@link Status}) — the fast path for large batches
 * (list views, import previews, data-quality counts): the inputs cross into WebAssembly as one
 * string and come back as one `Uint8Array`, with no messages or parts built. Agrees with
 * {@link validateAll} element by element; non-strings are `INVALID`.
 *
 * @throws {CreditCheckError} `NOT_AN_ARRAY` when `inputs` is not an array; `INVALID_OPTION`; `NOT_INITIALIZED`.
 *
 * @example
 * ```ts
 * const s = statusAll(codes, { profile: 'lenient' });
 * const invalid = s.reduce((n, x) => n + (x === Status.INVALID ? 1 : 0), 0);
 * ```
 */
export function statusAll(inputs: readonly unknown[], options?: ValidateOptions): Uint8Array;

/**
 * The status of each line of `text` (see {@link Status}) — for a pasted list or a file's column,
 * with no array to build: the fastest path. Lines end with `\n` (a `\r` before it is ignored, as
 * is any white space around a code); a final newline does not start an empty line.
 *
 * @throws {CreditCheckError} `NOT_A_STRING` when `text` is not a string; `INVALID_OPTION`; `NOT_INITIALIZED`.
 *
 * @example
 * ```ts
 * const text = await file.text(); // one code per line
 * const s = statusLines(text, { kind: 'uscc' });
 * ```
 */
export function statusLines(text: string, options?: ValidateOptions): Uint8Array;

/**
 * The kinds `input` can be — those it passes under the lenient profile — in preference order.
 * Empty for anything that is no identifier, including non-strings. Throws only before {@link init}.
 *
 * @example
 * ```ts
 * detect('91110108551385082Q'); // ['uscc', 'taxpayerId']
 * detect('55138508-2');         // ['orgCode']
 * detect('hello');              // []
 * ```
 */
export function detect(input: unknown): IdentifierKind[];

// ---------------------------------------------------------------------------------------------
// Audit
// ---------------------------------------------------------------------------------------------

/** One record to {@link audit}: a code and the name it was filed under. A missing or non-string field counts as `''`. */
export interface AuditRecord {
  /** The identifier as written. */
  code: string;
  /** The entity's name as written. */
  name?: string;
}

/** A record with something wrong (in `invalidRecords`) or unusual (in `warningRecords`). */
export interface AuditFinding {
  /** 1-based record number. */
  row: number;
  /** The code as written. */
  code: string;
  /** The name as written. */
  name: string;
  /** The kind it was judged as; `null` when none fits. */
  kind: IdentifierKind | null;
  /** The errors (invalid records) or the warnings (records with warnings). */
  problems: Problem[];
}

/** Rows that share one value of the conflicting field. */
export interface AuditVariant {
  /** The differing value: a name as first written (code conflicts) or a canonical code (name conflicts). */
  value: string;
  /** The 1-based rows it stands in. */
  rows: number[];
}

/** One key with more than one variant of the other field. */
export interface AuditConflict {
  /** The shared code (canonical) or name (as first written). */
  key: string;
  /** The variants, each with its rows. */
  variants: AuditVariant[];
}

/** The audit of a set of records. */
export interface AuditReport {
  /** Records read. */
  total: number;
  /** Records whose code passed without warnings. */
  valid: number;
  /** Records whose code passed with warnings. */
  withWarnings: number;
  /** Records whose code was rejected. */
  invalid: number;
  /** Records that repeat an earlier record's code and name exactly (after normalisation). */
  duplicates: number;
  /** (invalid + duplicates + rows in conflicts beyond the most common variant) / total, between 0 and 1: the 重错码率. `0` for no records. */
  errorRate: number;
  /** Invalid records with their errors. */
  invalidRecords: AuditFinding[];
  /** Accepted records with their warnings. */
  warningRecords: AuditFinding[];
  /** One code (entity) filed under different names. A USCC and the organisation code it embeds count as one entity. */
  codeConflicts: AuditConflict[];
  /** One name (ignoring width, white space and bracket style) filed under different codes. */
  nameConflicts: AuditConflict[];
}

/**
 * Audits records `[{ code, name }]` — the data-quality gate for record files: invalid codes,
 * codes with warnings, exact duplicates, one code under different names and one name under
 * different codes.
 *
 * @throws {CreditCheckError} `NOT_AN_ARRAY` when `records` is not an array; `INVALID_OPTION`; `NOT_INITIALIZED`.
 *
 * @example
 * ```ts
 * const report = audit([
 *   { code: '91110108551385082Q', name: '小米科技有限责任公司' },
 *   { code: '91110108551385082Q', name: '小米通讯技术有限公司' },
 *   { code: '91110108551385083A', name: '某公司' },
 * ]);
 * report.invalid;                     // 1
 * report.codeConflicts[0].key;        // '91110108551385082Q'
 * report.codeConflicts[0].variants.length; // 2
 * ```
 */
export function audit(records: readonly AuditRecord[], options?: ValidateOptions): AuditReport;

/** The core's version, e.g. `'0.1.0'`, for diagnostics. Throws `NOT_INITIALIZED` before {@link init}. */
export function version(): string;

/**
 * The check character for the body of an identifier of `kind` (17 characters for a USCC or an
 * ID number, 8 for an organisation code, 14 for a registration number, 14 or 17 for a taxpayer
 * number): `checkCharacter('uscc', '91110108551385082')` → `'Q'`. Throws the typed problem
 * (`code`, e.g. `LENGTH`, `ILLEGAL_CHARACTER`, `INVALID_OPTION`) for a bad kind or body.
 */
export function checkCharacter(kind: IdentifierKind, body: string): string;

// ---------------------------------------------------------------------------------------------
// The vocabulary: every id with its names, from the core
// ---------------------------------------------------------------------------------------------

/** An id with its Chinese and English names. */
export interface Term<Id extends string = string> {
  readonly id: Id;
  readonly zh: string;
  readonly en: string;
}

/** A decision's id: the core's decisions and the two outcomes of a check that was not done. */
export type DecisionId = Decision | 'unavailable' | 'error';

/** A decision with its short label (`zh`, `en`), its name in check records, what it means for the party and the next steps. */
export interface DecisionTerm extends Term<DecisionId> {
  /** The name a check record carries; null for `unavailable` and `error`. */
  readonly record: Readonly<Bilingual> | null;
  readonly explanation: Readonly<Bilingual>;
  readonly steps: Readonly<{ zh: readonly string[]; en: readonly string[] }>;
}

/** A list type with its names and colour. */
export interface ListTypeTerm extends Term<ListTypeId> {
  readonly colour: ListColour;
}

/** A list's colour: what a hit means. */
export type ListColour = 'black' | 'red' | 'warning';

/** A lookup outcome and the byte the batch lookups give for it. */
export interface LookupTerm extends Term<'notListed' | 'listed' | 'notCovered' | 'invalidInput' | 'stale'> {
  readonly code: Lookup;
}

/** A scenario of the embedded catalogue. */
export interface ScenarioTerm extends Term<string> {
  readonly roles: readonly string[];
}

/** `vocabulary()`: every name, once, from the core. */
export interface Vocabulary {
  readonly listTypes: readonly ListTypeTerm[];
  readonly colours: readonly Term<ListColour>[];
  readonly decisions: readonly DecisionTerm[];
  readonly lookups: readonly LookupTerm[];
  readonly scenarios: readonly ScenarioTerm[];
  readonly roles: readonly Term<Role>[];
  readonly effects: readonly Term<Effect>[];
  readonly measureStates: readonly Term<'applied' | 'notApplied' | 'open' | 'wouldApply'>[];
  readonly listingStatuses: readonly Term<'active' | 'repaired' | 'removed' | 'objectionPending' | 'revoked'>[];
  readonly validityStates: readonly Term<'inForce' | 'notYetListed' | 'termEnded' | 'repaired' | 'removed' | 'revoked' | 'undetermined'>[];
  readonly banStates: readonly Term<'notApplicable' | 'noBan' | 'running' | 'ended' | 'unknown'>[];
  readonly inspectionDirections: readonly Term<'lower' | 'normal' | 'higher'>[];
  /** Condition tokens and case facts of the catalogue's measures (`within_ban_period`, `class=A`, …). */
  readonly conditions: readonly Term[];
  readonly entityKinds: readonly Term<'legalEntity' | 'individualBusiness' | 'naturalPerson'>[];
  readonly personRoles: readonly Term<'legalRepresentative' | 'principal' | 'financeOfficer' | 'actualController' | 'operator' | 'intermediaryStaff'>[];
  readonly identifierKinds: readonly Term<IdentifierKind>[];
  /** How a lookup found a record (`hits[].matchedBy`). */
  readonly matchedBy: readonly Term<MatchedBy>[];
}

/**
 * Every id the core gives with its Chinese and English names — list types (with colour),
 * decisions (short label, record name, explanation, next steps), lookups, scenarios, roles,
 * effects, measure, listing, validity and ban states, inspection directions, condition tokens,
 * entity kinds, person roles, identifier kinds. One table, in Rust; the form and the demo pages read their
 * names from here. Cached and frozen. Throws `NOT_INITIALIZED` before {@link init}.
 */
export function vocabulary(): Vocabulary;

// ---------------------------------------------------------------------------------------------
// Thrown errors
// ---------------------------------------------------------------------------------------------

/**
 * The codes of errors the API throws (invalid input is never thrown, it is reported in the
 * result). `NOT_REPRESENTABLE` (an answer JavaScript cannot hold) is listed so that no error is
 * without a code; no identifier answer is one.
 */
export type CreditCheckErrorCode = 'NOT_INITIALIZED' | 'NOT_AN_ARRAY' | 'NOT_A_STRING' | 'INVALID_OPTION' | 'NOT_REPRESENTABLE';

/**
 * What the API throws: a plain `Error` with a `code`. `message` is in English; for
 * `INVALID_OPTION`, `messageZh` has the Chinese message, `expected` the accepted values and
 * `found` the value given (at most 40 characters).
 *
 * @example
 * ```ts
 * try {
 *   validate(input, { profile: 'strcit' as Profile });
 * } catch (e) {
 *   const err = e as CreditCheckError;
 *   if (err.code === 'INVALID_OPTION') console.error(err.found, err.expected); // 'strcit' 'strict, lenient'
 * }
 * ```
 */
export interface CreditCheckError extends Error {
  /** What went wrong. */
  code: CreditCheckErrorCode;
  /** The message in Chinese (`INVALID_OPTION`). */
  messageZh?: string;
  /** The accepted values (`INVALID_OPTION`). */
  expected?: string;
  /** The value given (`INVALID_OPTION`). */
  found?: string;
}


// ---------------------------------------------------------------------------------------------
// Signed list snapshots (docs/snapshot-format.md)
// ---------------------------------------------------------------------------------------------

/**
 * A list type id from the catalogue, e.g. `'LT-SXBZXR'` (失信被执行人), `'RL-NSA'` (纳税信用A级):
 * the 18 of `vocabulary().listTypes` (a test ties this union to the core's list).
 */
export type ListTypeId =
  | 'LT-SXBZXR' | 'LT-XGXF' | 'LT-ZDSS' | 'LT-ZFCG' | 'LT-SCJG-YZ' | 'LT-JYYC' | 'LT-AQSC' | 'LT-NMG' | 'LT-ZTB-QX'
  | 'LT-GGZY' | 'LT-JZSC' | 'LT-HB' | 'LT-SY' | 'LT-XZCF' | 'RL-NSA' | 'RL-AEO' | 'RL-SAMR-A' | 'RL-LOCAL';

/** Outcome bytes of `Snapshot.lookupAll` and `Snapshot.lookupLines`. */
export const Lookup: Readonly<{ NOT_LISTED: 0; LISTED: 1; NOT_COVERED: 2; INVALID_INPUT: 3; STALE: 4 }>;
/** One outcome byte. */
/** `STALE` (4): not found, but the snapshot is stale now — it cannot count as not listed. */
export type Lookup = 0 | 1 | 2 | 3 | 4;

/** The snapshot file layer's own codes (the core's `SnapshotErrorCode` without the key codes). */
export type SnapshotLayerErrorCode =
  | 'NOT_A_SNAPSHOT'
  | 'UNSUPPORTED_VERSION'
  /** A version-1 snapshot: the publisher must rebuild it with the current `credit-check build`. */
  | 'REBUILD_REQUIRED'
  | 'NOT_SIGNED'
  | 'DIGEST_MISMATCH'
  | 'TRUNCATED'
  | 'MALFORMED'
  | 'LIMIT_EXCEEDED'
  | 'NOT_YET_VALID'
  | 'ROLLBACK'
  | 'STALE'
  | 'INVALID_STATE'
  /** The manifest of a sharded snapshot opened as a snapshot (it holds no records itself): open it with `openSharded` (a `SnapshotHolder` does). */
  | 'SHARDED_MANIFEST'
  /** A single-file snapshot opened as the manifest of a sharded snapshot. */
  | 'NOT_A_MANIFEST'
  /** A shard or page whose bytes do not hash to the digest it was fetched for. */
  | 'SHARD_DIGEST_MISMATCH'
  /** A file the manifest in use does not name (from another manifest, or forged). */
  | 'SHARD_NOT_IN_MANIFEST'
  /** Files a question needs could not be had: it was not answered (never "not listed"). */
  | 'SHARD_MISSING';

/** The keys layer's codes (the core's `KeyErrorCode`): a refused key, signature or keyring. */
export type KeyErrorCode =
  | 'BAD_SIGNATURE'
  | 'UNKNOWN_KEY'
  | 'WRONG_ALGORITHM'
  | 'UNSUPPORTED_ALGORITHM'
  | 'KEY_EXPIRED'
  | 'KEY_NOT_YET_VALID'
  | 'MALFORMED_KEY'
  | 'MALFORMED_SIGNATURE'
  | 'MALFORMED_KEYRING'
  | 'ROTATION_NOT_AUTHORISED'
  /** A key or snapshot of a signature algorithm this module was built without (`SIGNATURES=ed25519` or `sm2` in scripts/build.sh). */
  | 'ALGORITHM_NOT_BUILT'
  /** The header's publisher, a list type or the region is outside the signing key's `scope`. */
  | 'KEY_OUT_OF_SCOPE'
  /** The operating system random number generator failed while generating a key. */
  | 'RANDOMNESS_UNAVAILABLE';

/** Codes a snapshot load can fail with (`error.code`). */
export type SnapshotErrorCode =
  | SnapshotLayerErrorCode
  | KeyErrorCode
  | 'FETCH_FAILED'
  | 'BAD_SOURCE'
  | 'NO_KEYS'
  | ShardedErrorCode;

/** A refused snapshot or key: `message` in English, `messageZh` in Chinese, `offset` into the file where known. */
export interface SnapshotError extends Error {
  code: SnapshotErrorCode;
  messageZh?: string;
  offset?: number;
}

/** What a loaded snapshot is. */
export interface SnapshotStatus {
  publisher: string;
  keyId: string;
  algorithm: 'ed25519' | 'sm2-sm3';
  sequence: number;
  /** RFC 3339. */
  issuedAt: string;
  /** RFC 3339: past it the snapshot is stale. */
  expiresAt: string;
  stale: boolean;
  region: { code: string; name: string };
  listTypes: ListTypeId[];
  counts: {
    records: number;
    byListType: Record<ListTypeId, number>;
    byEntityKind: Record<'legalEntity' | 'individualBusiness' | 'naturalPerson', number>;
    byStatus: Partial<Record<ListingStatus, number>>;
  };
  /** File size in bytes. */
  size: number;
  /** Payload digest (hex): SHA-256 or SM3. */
  payloadDigest: string;
  /** A sharded snapshot's list (its `counts` describe the manifest, which holds no records). */
  sharded?: ShardedInfo;
}

/** Whether an entry stands (record model v2). `objectionPending` still stands; `revoked` never applied. */
export type ListingStatus = 'active' | 'repaired' | 'removed' | 'objectionPending' | 'revoked';

/** What a decision imposed (record model v2). */
export type SanctionKind =
  | 'procurementBan'
  | 'agencyBan'
  | 'biddingBan'
  | 'expertBan'
  | 'marketBan'
  | 'fine'
  | 'confiscation'
  | 'licenceRevocation'
  | 'licenceSuspension'
  | 'productionSuspension'
  | 'criminalPenalty'
  | 'warning';

/** One sanction, on its own clock: a ban's `end` is its last day; no `end` and not `indefinite` = not published. */
export interface Sanction {
  kind: SanctionKind;
  /** YYYY-MM-DD. */
  start?: string;
  /** YYYY-MM-DD, inclusive. */
  end?: string;
  /** Without time limit (an evaluation expert's ban). */
  indefinite?: boolean;
  /** Fines and confiscations, in yuan. */
  amountYuan?: number;
}

/** A person named in an entity's entry. */
export interface RelatedPersonView {
  role: 'legalRepresentative' | 'principal' | 'financeOfficer' | 'actualController' | 'operator' | 'intermediaryStaff';
  /** The role in Chinese (法定代表人, 负有直接责任的财务负责人, …). */
  roleZh: string;
  name: string;
  /** Always masked: a full number masked by us, or the mask as published. */
  idNumber?: string;
  /** True when the source published only the masked number. */
  idMasked?: boolean;
}

/** A list record as shown: ID numbers masked (`110105********002X`). */
export interface ListRecordView {
  entityKind: 'legalEntity' | 'individualBusiness' | 'naturalPerson';
  uscc?: string;
  orgCode?: string;
  registrationNumber?: string;
  idNumber?: string;
  /** A natural person's ID number as published masked (`3423011964****3224`). */
  maskedIdNumber?: string;
  name: string;
  formerNames?: string[];
  listType: ListTypeId;
  listingAuthority: string;
  decisionNumber: string;
  /** YYYY-MM-DD. */
  listedAt: string;
  /** Decision date (处罚决定日期 / 立案日期), YYYY-MM-DD. */
  decidedAt?: string;
  /** Publication term (公示期): `maxEnd` is the 公示截止期. A ban's own period is in `sanctions`. */
  term?: { minEnd?: string; maxEnd?: string };
  /** What the decision imposed; absent when the source does not say (unknown, not "nothing"). */
  sanctions?: Sanction[];
  /** The penalty as published (处罚结果). */
  penalty?: string;
  subjectRole?: 'supplier' | 'procurementAgency' | 'evaluationExpert' | 'practitioner';
  status: ListingStatus;
  statusDate?: string;
  repairTier?: 'minor' | 'general' | 'serious';
  reason: string;
  creditClass?: 'A' | 'B' | 'C' | 'D';
  relatedPersons?: RelatedPersonView[];
}

/** How a record was found. */
export type MatchedBy =
  | 'uscc'
  | 'orgCodeInUscc'
  | 'orgCode'
  | 'usccContainsOrgCode'
  | 'registrationNumber'
  | 'idNumber'
  | 'legalRepresentativeId';

/** A lookup's answer: never a bare boolean, so "not covered" cannot pass for "not listed". */
export type LookupResult =
  | {
      outcome: 'listed' | 'notListed' | 'notCovered';
      /** The snapshot is past its expiry (loaded with `allowStale`). */
      stale: boolean;
      /** Asked lists the snapshot does not cover. */
      uncovered: ListTypeId[];
      /**
       * `record` is read from the snapshot on first access (then kept as a plain property);
       * `Snapshot.close()` reads any still unread first, so an answer outlives its snapshot.
       */
      hits: { matchedBy: MatchedBy; row: number; record: ListRecordView }[];
    }
  | { outcome: 'invalidInput'; errors: Problem[] }
  | { outcome: 'notCovered'; reason: 'NO_SNAPSHOT'; stale: false; uncovered: []; hits: [] };

/** A keyring of pinned public keys (docs/snapshot-keys.md). */
export interface Keyring {
  /** Adds a key introduced (signed) by `signerId`; throws `ROTATION_NOT_AUTHORISED` (also when
   * the new key's `scope` is wider than the signer's) and others. */
  acceptRotation(entryJson: string, signerId: string, nowMs?: number): void;
  /** The keyring as JSON, to persist an accepted rotation. */
  toJSON(): string;
  keyIds(): string[];
  /** Frees its WebAssembly memory. */
  free(): void;
}

/** Parses a keyring from its JSON text or object. */
export function keyring(json: string | object | Keyring): Keyring;

/** Where the highest accepted sequence is kept (may be async). */
export interface SequenceStore {
  get(key: string): number | undefined | Promise<number | undefined>;
  set(key: string, value: number): void | Promise<void>;
}

export interface LoadSnapshotOptions {
  /** The pinned keyring (required). */
  keys: string | object | Keyring;
  /** Called for every chunk: bytes received and the total (null until known). */
  onProgress?: (p: { received: number; total: number | null }) => void;
  /** Default: localStorage in browsers, this process's memory elsewhere. */
  store?: SequenceStore;
  /** Default `'credit-check:lastSequence'`. */
  storeKey?: string;
  /** Load a snapshot past its expiry; every answer then says `stale`. */
  allowStale?: boolean;
  /** The time of checking (default now). */
  now?: Date | number;
  signal?: GlobalInstance<'AbortSignal'>;
}

/** A snapshot source: a URL, a Request, a Response or a promise of one, or the bytes. */
export type SnapshotSource =
  | string
  | GlobalInstance<'URL'>
  | GlobalInstance<'Request'>
  | GlobalInstance<'Response'>
  | PromiseLike<GlobalInstance<'Response'>>
  | ArrayBuffer
  | ArrayBufferView;


/** A party to screen (docs/matching.md): give what the form has. */
export interface Party {
  name?: string;
  /** USCC, legacy organisation code or registration number, as typed. */
  code?: string;
  legalRepName?: string;
  legalRepId?: string;
  personName?: string;
  personId?: string;
}

/** How sure a hit is. */
export type Band = 'definite' | 'possible' | 'none';

/**
 * What matched (docs/matching.md has the table of which party field meets which record field).
 * `relatedPerson`: a person of the party (`legalRepId`: its legal representative; `personId`: the
 * party itself) is a person named in a listed entity's entry — definite on the full ID number,
 * possible on a masked one with the same name; `explanation.recordRole` is that person's role.
 * `maskedIdNumber`: the party (a person) has the name of a listed person published with a masked
 * ID number, and its ID agrees with every visible digit — possible, never definite.
 */
export type MatchKind =
  | 'identifier'
  | 'derivedIdentifier'
  | 'name'
  | 'formerName'
  | 'legalRepresentative'
  | 'branch'
  | 'relatedPerson'
  | 'maskedIdNumber';

export interface ScreenOptions {
  listTypes?: readonly ListTypeId[];
  thresholds?: { possible?: number; core?: number; candidates?: number; maxPossible?: number };
}

/** One hit, explained. */
export interface ScreenHit {
  row: number;
  kind: MatchKind;
  band: Band;
  score: number;
  explanation: {
    queryField: string;
    recordField: string;
    queryValue: string;
    recordValue: string;
    similarity?: { score: number; core: number | null; regionConflict: boolean };
    /** For a person named in a listed entity's entry: that person's role there. */
    recordRole?: RelatedPersonView['role'];
    note: string;
    noteZh: string;
  };
  record: ListRecordView;
}

/** The result for one party. */
export interface ScreenResult {
  party: Party;
  band: Band;
  hits: ScreenHit[];
  /** Possible hits beyond `maxPossible`, not returned. */
  omitted: number;
  /** Name matches set aside because the identifiers differ (another entity). */
  namesakes: { row: number; score: number; note: string; noteZh: string; record: ListRecordView }[];
  /** Party fields that could not be used (an invalid code, an empty party). */
  inputProblems: { field: string; problems: Problem[] }[];
  /** Warnings on codes that were used (a wrong check character: perhaps a typo). */
  inputWarnings: { field: string; problems: Problem[] }[];
  stale: boolean;
  uncovered: ListTypeId[];
  /** Only with no snapshot loaded (`SnapshotHolder`, `CheckerWorker`; the core's answer): nothing could be checked. */
  notCovered?: true;
  reason?: 'NO_SNAPSHOT';
}

/** Effects a measure can have, strongest first: block > review > warn > incentives. */
export type Effect = 'block' | 'review' | 'warn' | 'priority' | 'greenChannel' | 'allowCommitment' | 'reducedInspection';

/** The outcome, by precedence: block > invalidInput > stale > notCovered > review > pass. */
export type Decision = 'block' | 'invalidInput' | 'stale' | 'notCovered' | 'review' | 'pass';

/** Roles a party may have (each scenario lists its own). */
export type Role = 'applicant' | 'consortium_member' | 'legal_representative' | 'agency' | 'expert' | 'related_person';

/** A Chinese and an English text. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** One party to a check. */
export interface CheckParty extends Party {
  role: Role | (string & {});
  /** Kept in the record (a bidder number, a field name). */
  label?: string;
  /** Credit class from local graded supervision. */
  creditClass?: 'A' | 'B' | 'C' | 'D';
}

/** A check request (docs/verdicts.md). */
export interface CheckRequest {
  /** Scenario id, e.g. `SC-ZFCG-SUPPLIER` (`Snapshot.catalogue().scenarios`). */
  scenario: string;
  /** 截止时点: RFC 3339, or `YYYY-MM-DD` (a date in China); default the time of the check. */
  cutoff?: string;
  /** When the check ran (RFC 3339); filled in when absent. A re-run passes the recorded one. */
  checkedAt?: string;
  parties: readonly CheckParty[];
  /** Case facts a measure's condition names (`Snapshot.catalogue().facts`). */
  facts?: Readonly<Record<string, boolean>>;
}

export interface MeasureOutcome {
  id: string;
  effect: Effect;
  /** `applied`; `notApplied` (an incentive under a block); `open` (a case fact not given); `wouldApply` (to be confirmed). */
  state: 'applied' | 'notApplied' | 'open' | 'wouldApply';
  text: Bilingual;
  legalBasis: string;
  edition: string;
  sourceTag: string;
  verified: 'yes' | 'partly' | 'no' | (string & {});
  condition: string;
  why: Bilingual;
}

export interface HitOutcome {
  record: ListRecordView;
  listType: ListTypeId;
  colour: 'black' | 'red' | 'warning';
  match: { kind: MatchKind; band: Band; scorePermille: number; field: string; note: Bilingual };
  /** Publication at the cut-off; past it an entry still shows when its ban runs or may run. */
  validity: {
    state: 'inForce' | 'undetermined' | 'termEnded' | 'repaired' | 'removed';
    date?: string;
    reason: string;
    reasonEn: string;
  };
  /** The ban on its own clock. */
  ban: {
    state: 'notApplicable' | 'noBan' | 'running' | 'ended' | 'unknown';
    kind?: SanctionKind;
    date?: string;
    reason: string;
    reasonEn: string;
  };
  measures: MeasureOutcome[];
  objection: { authority: string; decisionNumber: string; route: Bilingual };
}

export interface PartyVerdict {
  index: number;
  role: string;
  label?: string;
  decision: 'block' | 'invalidInput' | 'review' | 'pass';
  effects: Effect[];
  hits: HitOutcome[];
  omitted: number;
  measures: MeasureOutcome[];
  commitment?: { allowed: boolean; types: { id: string; name: Bilingual }[]; why: Bilingual };
  supervision?: {
    creditClass: 'A' | 'B' | 'C' | 'D' | null;
    ratio: string | null;
    direction: string | null;
    focus: boolean;
    isExample: boolean;
    why: Bilingual;
  };
  inputProblems: { field: string; problems: Problem[] }[];
  inputWarnings: { field: string; problems: Problem[] }[];
  nextSteps: Bilingual[];
}

export interface Verdict {
  decision: Decision;
  summary: Bilingual;
  scenario: string;
  scenarioName: Bilingual;
  cutoffDate: string;
  effects: Effect[];
  parties: PartyVerdict[];
  consortium?: { members: number[]; blockedBy: number[]; why: Bilingual };
  snapshot: {
    publisher: string;
    keyId: string;
    sequence: number;
    issuedAt: string;
    expiresAt: string;
    payloadDigest: string;
    stale: boolean;
    uncovered: ListTypeId[];
  };
  catalogue: { version: string; digest: string; source: 'snapshot' | 'embedded' };
  nextSteps: Bilingual[];
}

/** What `check` returns. */
export interface CheckResult {
  decision: Decision;
  verdict: Verdict;
  /** The request as run (with `checkedAt`). */
  input: CheckRequest;
  /** The canonical check record: keep these exact bytes. */
  record: string;
  /** SHA-256 of `record`, hex. */
  sha256: string;
}

/**
 * `SnapshotHolder.check` and `CheckerWorker.check` with no snapshot loaded, or a sharded snapshot
 * whose files could not be fetched or verified (`reason` says which): nothing was checked. Built
 * by the core (the same answer `credit-check check --json` prints when it can use no snapshot).
 */
export interface CheckUnavailable {
  decision: 'unavailable';
  reason: 'NO_SNAPSHOT' | UnavailableCode;
  verdict: null;
  record: null;
  sha256: null;
  message: string;
  messageZh: string;
}

/** What re-running a check record found (the core's `VerificationCode`). */
export type VerificationCode =
  | 'MATCH'
  | 'SNAPSHOT_DIFFERS'
  | 'CATALOGUE_DIFFERS'
  | 'ENGINE_DIFFERS'
  | 'NOT_CANONICAL'
  | 'VERDICT_DIFFERS'
  | 'SHA256_MISMATCH';

export interface RecordVerification {
  matches: boolean;
  code: VerificationCode;
  sha256Given: string;
  sha256Rerun: string;
  firstDifference?: string;
  message: string;
  messageZh: string;
}

export interface CatalogueInfo {
  version: string;
  digest: string;
  source: 'snapshot' | 'embedded';
  scenarios: { id: string; nameZh: string; nameEn: string; roles: string[] }[];
  facts: string[];
}

/** A verified, ready snapshot. */
export declare class Snapshot {
  private constructor();
  status(now?: Date | number): SnapshotStatus;
  readonly length: number;
  /** @throws {CodedError} `UNKNOWN_LIST_TYPE` (with `field`, e.g. `listTypes[0]`) for a list type not in `vocabulary().listTypes`. */
  lookup(code: unknown, options?: { listTypes?: readonly ListTypeId[] }): LookupResult;
  /** One `Lookup` byte per code. */
  lookupAll(codes: readonly unknown[]): Uint8Array;
  /** One `Lookup` byte per line. */
  lookupLines(text: string): Uint8Array;
  record(row: number): ListRecordView | null;
  headerJson(): string;
  /** Screens parties: identifiers decide, names rank, every hit explained (docs/matching.md). */
  screen(parties: readonly Party[], options?: ScreenOptions): ScreenResult[];
  /**
   * The verdict, its canonical check record and SHA-256 (docs/verdicts.md). `request` is an
   * object (read by the core field by field: an unknown field is refused, one that is null or
   * undefined is absent; times and dates as strings) or its JSON text. The decision, verdict and
   * input come from the core beside the record text, equal to what the record holds.
   */
  check(request: CheckRequest | string, now?: Date | number): CheckResult;
  /** Re-runs a stored record; `matches` only when the bytes are identical. */
  verifyRecord(record: string, sha256?: string): RecordVerification;
  /** The measure catalogue checks use. */
  catalogue(): CatalogueInfo;
  /** Builds the name index now (it is otherwise built on the first `screen`); its size in bytes. */
  buildNameIndex(): number;
  /** Frees its WebAssembly memory. */
  close(): void;
}

/** Downloads (streaming) or reads a snapshot and verifies it; rejects with a `SnapshotError`. */
export function loadSnapshot(source: SnapshotSource, options: LoadSnapshotOptions): Promise<Snapshot>;

/** Options of `SnapshotHolder` and its `update`: those of `loadSnapshot` and of `openSharded`. */
export type SnapshotHolderOptions = LoadSnapshotOptions &
  Omit<OpenShardedOptions, keyof LoadSnapshotOptions> & {
    /** `true`: the source is a sharded snapshot's manifest; `false`: never open one. Default: found out by trying. */
    sharded?: boolean;
  };

/** What a holder answers with: at once for a single-file snapshot; with a sharded one, a promise (await it). */
type HolderAnswer<S, T> = S extends ShardedSnapshot ? T | Promise<T> : T;

/**
 * Holds the snapshot in use; `update` replaces it atomically (the old one answers until then, and
 * after a failure). A URL naming a sharded snapshot's manifest is opened as a `ShardedSnapshot`;
 * say which kind the holder holds with the type parameter — `new SnapshotHolder<ShardedSnapshot>()`,
 * or `SnapshotHolder<Snapshot | ShardedSnapshot>` when either — so that its answers are typed as
 * promises where they are. The default (`Snapshot`) is the synchronous holder.
 */
export declare class SnapshotHolder<S extends Snapshot | ShardedSnapshot = Snapshot> {
  constructor(options?: Partial<SnapshotHolderOptions>);
  readonly current: S | null;
  /** Whether the snapshot in use is sharded. */
  readonly sharded: boolean;
  update(source: SnapshotSource, options?: Partial<SnapshotHolderOptions>): Promise<S>;
  lookup(code: unknown, options?: { listTypes?: readonly ListTypeId[] }): HolderAnswer<S, LookupResult>;
  status(now?: Date | number): (S extends ShardedSnapshot ? ShardedStatus : SnapshotStatus) | null;
  /** `Snapshot.screen`; with no snapshot loaded every result says `notCovered`. */
  screen(parties: readonly Party[], options?: ScreenOptions): HolderAnswer<S, ScreenResult[]>;
  /**
   * `Snapshot.check`; with no snapshot loaded `{decision: 'unavailable'}` — never a pass. With a
   * sharded snapshot, also `unavailable` (with the reason) when its files could not be had.
   */
  check(request: CheckRequest | string, now?: Date | number): HolderAnswer<S, CheckResult | CheckUnavailable>;
}

// ---------------------------------------------------------------------------------------------
// Every error code, by layer (one design: docs in src/error.rs)
// ---------------------------------------------------------------------------------------------

/** Why a check could not run (the core's `CheckErrorCode`): thrown by `check`, with `field`. */
export type CheckErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_SCENARIO'
  | 'UNKNOWN_ROLE'
  | 'NO_PARTIES'
  | 'TOO_MANY_PARTIES'
  | 'BAD_CUTOFF'
  | 'BAD_CHECKED_AT'
  | 'UNKNOWN_FACT'
  | 'BAD_CATALOGUE'
  | 'BAD_RECORD';

/** A list record's problems (the core's `RecordProblemCode`), with `field`. */
export type RecordProblemCode =
  | 'REQUIRED'
  | 'INVALID_VALUE'
  | 'INVALID_DATE'
  | 'NO_IDENTIFIER'
  | 'PERSON_WITH_ENTITY_CODE'
  | 'PERSON_UNIDENTIFIED'
  | 'ENTITY_WITH_ID_NUMBER'
  | 'PERSON_WITH_RELATED_PERSONS'
  | 'RELATED_PERSON_UNIDENTIFIED'
  | 'ORG_CODE_MISMATCH'
  | 'LISTING_AUTHORITY_MISSING'
  | 'STATUS_DATE_MISSING'
  | 'STATUS_BEFORE_LISTING'
  | 'TERM_NOT_AFTER_LISTING'
  | 'TERM_ORDER'
  | 'CREDIT_CLASS_NOT_APPLICABLE'
  | 'CREDIT_CLASS_NOT_IN_LIST'
  | 'INVALID_MASKED_ID'
  | 'TWO_ID_NUMBERS'
  | 'DECISION_AFTER_LISTING'
  | 'SANCTION_PERIOD_ORDER'
  | 'SANCTION_PERIOD_NOT_APPLICABLE'
  | 'SANCTION_AMOUNT_NOT_APPLICABLE'
  | 'REPAIR_TIER_WITHOUT_REPAIR';

/** The measure catalogue's refusals (the core's `CatalogueErrorCode`, with `file` and `line`); in JS they arrive as `BAD_CATALOGUE`. */
export type CatalogueErrorCode =
  | 'CATALOGUE_TABLE_MISSING'
  | 'CATALOGUE_NOT_JSON'
  | 'CATALOGUE_WRONG_FORMAT'
  | 'CATALOGUE_EMPTY_FILE'
  | 'CATALOGUE_CELL_COUNT'
  | 'CATALOGUE_COLUMN_MISSING'
  | 'CATALOGUE_VALUE_MISSING'
  | 'CATALOGUE_INVALID_VALUE';

/** A snapshot build's refusals (the core's `BuildErrorCode`, with `record` and `field`): publisher tools only. */
export type BuildErrorCode = 'BUILD_LIMIT_EXCEEDED' | 'BUILD_DATE_OUT_OF_RANGE' | 'BUILD_INVALID_VALUE';

/**
 * The bindings' own errors (the core's `ArgumentErrorCode`): arguments refused before the core
 * reads them (`UNKNOWN_LIST_TYPE` with `field`, e.g. `listTypes[1]`), and `NOT_REPRESENTABLE`, an
 * answer JavaScript cannot hold (none of the core's answers is one; listed so that no error is
 * without a code).
 */
export type ArgumentErrorCode = 'NOT_AN_ARRAY' | 'INVALID_PARTY' | 'INVALID_OPTION' | 'UNKNOWN_LIST_TYPE' | 'NOT_REPRESENTABLE';

/** The codes the JS wrapper raises itself (`WRAPPER_ERROR_CODES` in `errors.js`). */
export type WrapperErrorCode =
  | 'ABORTED'
  | 'BAD_REQUEST'
  | 'BAD_RESULT'
  | 'BAD_SOURCE'
  | 'BAD_STORED_SEQUENCE'
  | 'CACHE_BUDGET'
  | 'CACHE_WRITE_FAILED'
  | 'CHECK_FAILED'
  | 'CLOSED'
  | 'DATA_CLONE'
  | 'FETCH_FAILED'
  | 'INIT_FAILED'
  | 'INTERNAL_ERROR'
  | 'INVALID_PARTY'
  | 'METHOD_NOT_ALLOWED'
  | 'METHOD_NOT_AVAILABLE'
  | 'NOT_AN_ARRAY'
  | 'NOT_A_FUNCTION'
  | 'NOT_A_STRING'
  | 'NOT_INITIALIZED'
  | 'NO_CACHE'
  | 'NO_KEYS'
  | 'NO_SNAPSHOT'
  | 'ROLLBACK'
  | 'SHARD_DIGEST_MISMATCH'
  | 'SHARD_MISSING'
  | 'SHARD_NOT_IN_MANIFEST'
  | 'TERMINATED'
  | 'WASM_FETCH'
  | 'WORKER_ERROR';

/** Every code an error of this package can carry. */
export type ErrorCode =
  | ProblemCode
  | RecordProblemCode
  | SnapshotErrorCode
  | CheckErrorCode
  | VerificationCode
  | CatalogueErrorCode
  | BuildErrorCode
  | ArgumentErrorCode
  | WrapperErrorCode;

/**
 * The one shape of every thrown error, from the core or from the wrapper: `message` in English,
 * `code`, `messageZh`, and where the error is at one place the location fields.
 */
export interface CodedError extends Error {
  code: ErrorCode;
  /** The message in Chinese. */
  messageZh?: string;
  /** 1-based character position in an identifier. */
  position?: number;
  /** Byte offset into a snapshot file. */
  offset?: number;
  /** The input field at fault, as a JSON path (`parties[2].role`, `term.maxEnd`). */
  field?: string;
  /** The file and 1-based line (and column) of a text input. */
  file?: string;
  line?: number;
  column?: number;
  /** The 0-based index of the record at fault. */
  record?: number;
  /** What was expected, and what was found instead. */
  expected?: string;
  found?: string;
}

// National lists (sharded snapshots): `credit-check/sharded`, also exported here.
export { ShardedSnapshot, openSharded } from './sharded.js';
export type {
  FetchLogEntry,
  LookupBatch,
  MirrorProgress,
  MirrorResult,
  OpenShardedOptions,
  ShardedErrorCode,
  ShardedInfo,
  ShardedStatus,
  UnavailableCode,
} from './sharded.js';

/**
 * An incremental SHA-256 for `setPayloadSha256`: `begin()` starts one hash per load; `update`
 * takes each chunk of the payload as it arrives (synchronously), `digest` the 32 bytes at the end.
 * `node:crypto` fits as it is: `{ begin: () => createHash('sha256') }`.
 */
export interface IncrementalSha256 {
  begin(): { update(bytes: Uint8Array): unknown; digest(): Uint8Array | ArrayBuffer };
}

/**
 * Sets the SHA-256 `loadSnapshot` uses for a snapshot's payload digest (ed25519 snapshots):
 * `fn(bytes)` returns the 32-byte digest of the whole payload, or a promise of it; or an
 * `IncrementalSha256`, which hashes the payload chunk by chunk as it arrives; null for the one
 * compiled into the WebAssembly module. Default: WebCrypto (`crypto.subtle`); in Node,
 * `node:crypto`, incremental. If it throws, rejects or returns something else, the payload is
 * hashed in wasm — never skipped. SM3 snapshots are always hashed in wasm. `bytes` is a view of
 * WebAssembly memory: read (or copy) it before awaiting anything.
 */
export function setPayloadSha256(
  fn: ((bytes: Uint8Array) => Uint8Array | ArrayBuffer | Promise<Uint8Array | ArrayBuffer>) | IncrementalSha256 | null,
): void;

/** The payload digest a snapshot header carries, hex. */
export function digest(bytes: ArrayBufferView | ArrayBuffer, algorithm?: 'ed25519' | 'sm2-sm3'): string;

/** Bytes of WebAssembly memory in use (grows, never shrinks). */
export function memoryBytes(): number;

// Only what is marked `export` above is public (a declaration file otherwise exports everything).
export {};
