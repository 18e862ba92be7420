import { z } from 'zod';
import { FormRejected, type FieldProblem } from './errors.js';

/**
 * Form fields arrive as strings (or not at all). The schemas here say what each must be with
 * problem codes as their messages, which the pages word in the user's language; any other
 * message (a connector's own rule) is kept as the problem's detail.
 */
export const PROBLEM_CODES = [
  'required',
  'too-long',
  'invalid',
  'minutes',
  'http-url',
  'email',
  'taken',
  'unknown-point-of-sale',
  'password-too-short',
  'password-mismatch',
  'password-wrong',
  'account-locked',
  'password-same-as-email',
  'code-wrong',
  'profile',
  'contract-number',
  'merchant-id',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];
const KNOWN = new Set<string>(PROBLEM_CODES);

/** No control characters in what is stored and shown (a NUL would not even reach PostgreSQL). */
export const printable = (v: string) => ![...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

export const requiredText = (max = 200) =>
  z
    .string({ error: 'required' })
    .trim()
    .min(1, { error: 'required' })
    .max(max, { error: 'too-long' })
    .refine(printable, { error: 'invalid' });

/** Empty is left out (undefined). */
export const optionalText = (max = 200) =>
  z
    .string({ error: 'invalid' })
    .trim()
    .max(max, { error: 'too-long' })
    .refine(printable, { error: 'invalid' })
    .optional()
    .transform((v) => (v === '' ? undefined : v));

export const httpUrl = z
  .string()
  .trim()
  .max(2000, { error: 'too-long' })
  .refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && printable(v) && URL.canParse(v), { error: 'http-url' });

export const optionalHttpUrl = z
  .string({ error: 'invalid' })
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(httpUrl.optional());

export const minutes = z
  .string({ error: 'required' })
  .trim()
  .min(1, { error: 'required' })
  .regex(/^\d{1,5}$/, { error: 'minutes' })
  .transform(Number)
  .refine((n) => n >= 1 && n <= 10_080, { error: 'minutes' });

/** A checkbox: present (any value) means checked. */
export const checkbox = z
  .unknown()
  .optional()
  .transform((v) => v !== undefined && v !== '');

/** One value or several of a repeated field (`pointOfSaleIds=a&pointOfSaleIds=b`). */
export const repeated = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export function problemOf(message: string): FieldProblem {
  return KNOWN.has(message) ? { code: message } : { code: 'invalid', detail: message };
}

/** The schema's output, or FormRejected naming each field at fault (its first problem). */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown, prefix = ''): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  throw new FormRejected(problemsOf(parsed.error, prefix));
}

export function problemsOf(error: z.ZodError, prefix = ''): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {};
  for (const issue of error.issues) {
    const field = prefix + (issue.path.map(String).join('.') || 'form');
    problems[field] ??= problemOf(issue.message);
  }
  return problems;
}
