// credit-check/validate: identifier validation over the small WebAssembly module
// (wasm/credit_check_validate_bg.wasm: identifiers only, no lists, snapshots or signatures).
// The functions behave exactly as their namesakes in 'credit-check' (see index.d.ts for the
// documentation of each): both modules are built from the same Rust code.
import type {
  Term,
  InitSource,
  IdentifierKind,
  ValidateOptions,
  Validation,
  AuditRecord,
  AuditReport,
  Status as StatusValue,
} from './index.js';

export type {
  InitSource,
  IdentifierKind,
  Profile,
  ValidateOptions,
  Validation,
  ValidationOf,
  Problem,
  ProblemCode,
  Parts,
  PartsByKind,
  AuditRecord,
  AuditReport,
  CreditCheckError,
  CreditCheckErrorCode,
} from './index.js';

/** As in index.d.ts: a global class's instance type, or `never` where the `lib` lacks it. */
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
 * Loads the small module (by default `wasm/credit_check_validate_bg.wasm` beside this script; the
 * Node entry reads it from disk). Safe to call more than once; a failed load may be retried.
 *
 * @example
 * ```ts
 * import { init, validate } from 'credit-check/validate';
 * await init();
 * validate('91110108551385082Q').ok; // true
 * ```
 */
export function init(source?: InitSource): Promise<void>;
/** Compiles the small module once and returns it (streaming in browsers). */
export function compileWasm(url?: string | GlobalInstance<'URL'>): Promise<WasmModule>;
/** The URL of the small module beside this script. */
export function wasmUrl(): GlobalInstance<'URL'>;
/** Whether {@link init} has finished. Never throws. */
export function isReady(): boolean;
/** As `validate` in 'credit-check'. */
export function validate<K extends IdentifierKind>(input: unknown, options: ValidateOptions & { kind: K }): Extract<Validation, { kind: K }>;
export function validate(input: unknown, options?: ValidateOptions): Validation;
/** As `validateAll` in 'credit-check'. */
export function validateAll<K extends IdentifierKind>(inputs: readonly unknown[], options: ValidateOptions & { kind: K }): Extract<Validation, { kind: K }>[];
export function validateAll(inputs: readonly unknown[], options?: ValidateOptions): Validation[];
/** As `Status` in 'credit-check'. */
export const Status: Readonly<{ VALID: 0; VALID_WITH_WARNINGS: 1; INVALID: 2 }>;
export type Status = StatusValue;
/** As `statusAll` in 'credit-check'. */
export function statusAll(inputs: readonly unknown[], options?: ValidateOptions): Uint8Array;
/** As `statusLines` in 'credit-check'. */
export function statusLines(text: string, options?: ValidateOptions): Uint8Array;
/** As `detect` in 'credit-check'. */
export function detect(input: unknown): IdentifierKind[];
/** As `audit` in 'credit-check'. */
export function audit(records: readonly AuditRecord[], options?: ValidateOptions): AuditReport;
/** Bytes of WebAssembly memory in use (it grows, never shrinks). */
export function memoryBytes(): number;
/** The check character a code's body needs, as the full module's `checkCharacter`. */
export function checkCharacter(kind: IdentifierKind, body: string): string;
/** The identifier layer's part of the core's vocabulary (the full module's has every table). */
export function vocabulary(): { readonly identifierKinds: readonly Term<IdentifierKind>[] };
/** The core's version. */
export function version(): string;
