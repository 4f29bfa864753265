// Type declarations for credit-check/form: the credit check attached to a form, or wrapped in the
// <credit-check-form> custom element. Browser-only: these need the "dom" lib.

import type { CheckRequest, Decision, Validation, ValidateOptions, Verdict } from './index.js';

/**
 * Anything that checks a request: `Snapshot`, `SnapshotHolder` (which may answer
 * `{decision: 'unavailable'}`), `CheckerWorker` (a promise), or your own (e.g. a server call).
 */
export interface Checker {
  check(request: CheckRequest): CheckerAnswer | PromiseLike<CheckerAnswer>;
}

/** What a checker may answer: a verdict with its record, or "nothing was checked". */
export type CheckerAnswer =
  | { decision: Decision; verdict: Verdict; record: string; sha256: string; input?: CheckRequest }
  | { decision: 'unavailable'; reason?: string; message?: string; messageZh?: string; verdict?: null; record?: null; sha256?: null };

/** Every outcome the form reports: the verdict's decisions, and two of its own. */
export type FormDecision = Decision | 'unavailable' | 'error';

/** A completed check: the verdict and the canonical record to keep (and post) as evidence. */
export interface FormCheckResult {
  decision: Decision;
  verdict: Verdict;
  /** The canonical check record: keep these exact bytes. `null` only if a custom checker gave none. */
  record: string | null;
  /** SHA-256 of `record`, hex. */
  sha256: string | null;
  /** The request the form built and sent. */
  request: CheckRequest;
  /** The request as the checker ran it (with `checkedAt`), when it says. */
  input: CheckRequest | null;
}

/** The checker could not check (e.g. a `SnapshotHolder` with no snapshot loaded). */
export interface FormUnavailableResult {
  decision: 'unavailable';
  verdict: null;
  record: null;
  sha256: null;
  request: CheckRequest;
  /** e.g. `'NO_SNAPSHOT'`. */
  reason: string;
  message: string;
  messageZh: string;
}

/** The checker threw or rejected, or answered something that is not a verdict (`BAD_RESULT`). */
export interface FormErrorResult {
  decision: 'error';
  verdict: null;
  record: null;
  sha256: null;
  request: CheckRequest;
  error: FormCheckError;
}

export interface FormCheckError {
  /** The error's `code` (e.g. `UNKNOWN_SCENARIO`, `WORKER_ERROR`), else `CHECK_FAILED` or `BAD_RESULT`. */
  code: string;
  message: string;
  messageZh?: string;
  /** The request field at fault, where the core says (e.g. `parties[1].role`). */
  field?: string;
}

/** What `control.result`, `control.check()` and `credit-check:verdict` carry. */
export type FormResult = FormCheckResult | FormUnavailableResult | FormErrorResult;

/** Selectors, inside the form (and inside each member row), of a party's fields. */
export interface FieldSelectors {
  /** Default `'[data-cc=code]'`: USCC, organisation code or registration number; validated as typed. */
  code?: string;
  /** Default `'[data-cc=name]'`. */
  name?: string;
  /** Default `'[data-cc=legal-rep-name]'`. */
  legalRepName?: string;
  /** Default `'[data-cc=legal-rep-id]'`. */
  legalRepId?: string;
  /** Default `'[data-cc=label]'`: kept in the record (a bidder number, …). A member row may use `data-cc-label` instead. */
  label?: string;
}

export interface AttachCheckOptions {
  /** Required: what checks (see {@link Checker}); `control.setChecker` replaces it. */
  checker: Checker;
  /** Required: the scenario id, e.g. `'SC-ZFCG-SUPPLIER'`. */
  scenario: string;
  fields?: FieldSelectors;
  /** Role of the main party. Default `'applicant'`. */
  role?: string;
  /**
   * Selector of consortium member rows (each with the same fields inside; role
   * `consortium_member`), queried again at every check. Default `'[data-cc-member]'`; `null` for none.
   * A row with no code, name or legal representative is left out.
   */
  members?: string | null;
  /** 截止时点: RFC 3339 or `YYYY-MM-DD`, or a function giving it at each check. Default: the time of the check. */
  cutoff?: string | Date | (() => string | Date | null | undefined);
  /** Case facts, or a function giving them at each check. */
  facts?: Readonly<Record<string, boolean>> | (() => Readonly<Record<string, boolean>> | null | undefined);
  /** Decisions that block submit. Default `['block']`. */
  blockOn?: readonly FormDecision[];
  /**
   * What submit does when the check could not be done (`unavailable`, `stale`, `notCovered`,
   * `invalidInput`, or the checker failed: `error`): `'block'` (default) or `'warn'` (show it, let it go).
   */
  failPolicy?: 'block' | 'warn';
  /** `'zh-CN'` (default) or `'en'`. */
  lang?: 'zh-CN' | 'en' | (string & {});
  /**
   * Who reads the panel: `'officer'` (default; the procurement or approval officer: the decision,
   * the core's next steps for the file) or `'party'` (the supplier or applicant on their own page:
   * "您的…", what to do, where to object). The same verdict, worded for its reader.
   */
  audience?: 'party' | 'officer';
  /** The verdict panel goes inside this element; default: just before the form's first submit button (or at its end). */
  output?: Element | string;
  /** Delay after the last keystroke before validating (and checking). Default 300. */
  debounceMs?: number;
  /** Check when a code becomes valid and on change/blur of any field. Default true; submit always checks. */
  autoCheck?: boolean;
  /** Level of the panel's heading (h1–h6). Default 3. */
  headingLevel?: 1 | 2 | 3 | 4 | 5 | 6;
  /** Options for the inline `validate()` of code fields (e.g. `{ profile: 'strict' }`). */
  validateOptions?: ValidateOptions;
}

/** What `attachCheck` returns. */
export interface CheckControl {
  /** Runs the check now; resolves to its result, or null if destroyed or overtaken by a later check. */
  check(): Promise<FormResult | null>;
  /** The last result applied, or null. */
  readonly result: FormResult | null;
  /** Replaces the checker (e.g. once a snapshot or worker is ready); checks again. */
  setChecker(checker: Checker): void;
  /** Removes the listeners, the panel, the field messages and the hidden inputs it created. */
  destroy(): void;
  readonly form: HTMLFormElement;
  /** The verdict panel (`section.cc-panel`). */
  readonly panel: HTMLElement;
  readonly checker: Checker;
}

/**
 * Attaches the credit check to a form: inline validation of code fields, the verdict panel,
 * submit gating, events, and the hidden inputs `credit_check_record` / `credit_check_sha256`.
 * `init()` should have been awaited; if not, the form calls it before validating.
 * Throws a `TypeError` for a missing form, checker or scenario or an option out of its values,
 * with `code` `INVALID_OPTION`, `messageZh` and `field` (and `expected`, `found` for an option's values).
 */
export function attachCheck(form: HTMLFormElement | string, options: AttachCheckOptions): CheckControl;

/** Detail of `credit-check:validation` (each debounced validation of a code field). */
export interface ValidationEventDetail {
  /** `'code'`. */
  field: keyof FieldSelectors;
  /** Index of the member row, or null for the main party. */
  member: number | null;
  /** The value as typed (trimmed). */
  value: string;
  /** `validate()`'s result; null for an empty field. */
  result: Validation | null;
  element: Element;
}

/** Detail of `credit-check:blocked` (cancel the event to let the submission through). */
export interface BlockedEventDetail {
  decision: FormDecision;
  /** `'decision'`: the decision is in `blockOn`; `'failPolicy'`: the check could not be done and `failPolicy` is `'block'`. */
  reason: 'decision' | 'failPolicy';
  message: { zh: string; en: string };
  result: FormResult;
}

/** The events' names. */
export const EVENTS: Readonly<{
  validation: 'credit-check:validation';
  verdict: 'credit-check:verdict';
  blocked: 'credit-check:blocked';
}>;

/** `<credit-check-form>`: wraps a form; set `checker` to start. */
export interface CreditCheckFormElement extends HTMLElement {
  /** Setting it attaches `attachCheck` to the first child form (attributes → options). */
  checker: Checker | null;
  /** Further options (facts, a cutoff function, fields, …); setting them re-attaches. */
  options: Partial<AttachCheckOptions>;
  readonly control: CheckControl | null;
  readonly result: FormResult | null;
  check(): Promise<FormResult | null>;
}

/**
 * Registers `<credit-check-form scenario="…" fail-policy="block|warn" lang="zh-CN|en" audience="party|officer" role="…"
 * members="…" block-on="block review" cutoff="…" debounce-ms="300" auto-check="false" output="#sel">`.
 * Idempotent; returns the element class (undefined where there are no custom elements).
 */
export function defineCreditCheckElements(registry?: CustomElementRegistry): (new () => CreditCheckFormElement) | undefined;

declare global {
  interface HTMLElementEventMap {
    'credit-check:validation': CustomEvent<ValidationEventDetail>;
    'credit-check:verdict': CustomEvent<FormResult>;
    'credit-check:blocked': CustomEvent<BlockedEventDetail>;
  }
  interface HTMLElementTagNameMap {
    'credit-check-form': CreditCheckFormElement;
  }
}

export {};
