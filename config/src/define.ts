import { z } from 'zod';
import { ConfigError, type ConfigIssue } from './errors';

export type Env = Record<string, string | undefined>;

/** Which process reads a variable; the README's configuration table groups by it. */
export type Owner = 'all' | 'cms' | 'portal';

export interface VariableSpec<T> {
  name: string;
  owner: Owner;
  doc: string;
  /** Shown in the docs. `undefined` means optional with no default. */
  defaultText?: string;
  /** Secrets are never echoed, not even in error messages. */
  secret?: boolean;
  schema: z.ZodType<T>;
}

const registry: VariableSpec<unknown>[] = [];

/** Declares a variable once: its schema, its default and its documentation. */
export function variable<T>(spec: VariableSpec<T>): VariableSpec<T> {
  registry.push(spec as VariableSpec<unknown>);
  return spec;
}

/** Every declared variable, for the README table and .env.example. */
export function allVariables(): readonly VariableSpec<unknown>[] {
  return registry;
}

/**
 * Reads a group of variables at once so that an operator sees every mistake in
 * one run rather than fixing them one restart at a time.
 */
export function readAll<S extends Record<string, VariableSpec<unknown>>>(
  specs: S,
  env: Env,
): { [K in keyof S]: S[K] extends VariableSpec<infer T> ? T : never } {
  const issues: ConfigIssue[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const raw = env[spec.name];
    const value = raw === '' ? undefined : raw;
    const parsed = spec.schema.safeParse(value);
    if (parsed.success) {
      out[key] = parsed.data;
    } else {
      const problem = parsed.error.issues[0]?.message ?? 'is invalid';
      issues.push({
        variable: spec.name,
        problem: spec.secret || value === undefined ? problem : `${problem} (got "${truncate(value)}")`,
      });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return out as { [K in keyof S]: S[K] extends VariableSpec<infer T> ? T : never };
}

function truncate(value: string): string {
  const clean = value.replace(/[\r\n\t]/g, ' ');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}

// Small schema helpers shared by the cms and portal groups.
export const port = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a port number' })
    .int({ message: 'must be a whole port number' })
    .min(1, { message: 'must be a port number between 1 and 65535' })
    .max(65535, { message: 'must be a port number between 1 and 65535' })
    .default(fallback);

export const positiveInt = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .positive({ message: 'must be greater than 0' })
    .default(fallback);

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1' || v === 'yes'));

export const url = (message = 'must be an absolute http(s) URL') =>
  z.string().refine((v) => /^https?:\/\/[^\s]+$/.test(v) && URL.canParse(v), { message });

export const dbUrl = () =>
  z.string().refine((v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v), {
    message: 'must be a postgres:// connection URL',
  });

export const csv = () =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined));
