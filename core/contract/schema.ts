// A tiny runtime validator for method arguments at the contract boundary. It lives in the
// pure contract (no dependencies) so that the dispatcher and the types share one source.
// Objects are strict: unknown keys are rejected, because a typo must not be silently ignored.

export class SchemaError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${path || 'arguments'}: expected ${expected}`);
    this.name = 'SchemaError';
  }
}

export interface Schema<T> {
  readonly description: string;
  readonly optional?: boolean;
  parse(value: unknown, path: string): T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function fail(path: string, expected: string, value: unknown): never {
  throw new SchemaError(path, `${expected}, got ${describeValue(value)}`);
}

export function string(options: { pattern?: RegExp; maxLength?: number; hint?: string } = {}): Schema<string> {
  const maxLength = options.maxLength ?? 1024;
  const description = options.hint ?? (options.pattern ? `a string matching ${options.pattern}` : 'a string');
  return {
    description,
    parse(value, path) {
      if (typeof value !== 'string') fail(path, description, value);
      if (value.length > maxLength) throw new SchemaError(path, `at most ${maxLength} characters`);
      if (options.pattern && !options.pattern.test(value)) throw new SchemaError(path, description);
      return value;
    },
  };
}

export function integer(options: { min?: number; max?: number } = {}): Schema<number> {
  const min = options.min ?? Number.MIN_SAFE_INTEGER;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  const description = `an integer from ${min} to ${max}`;
  return {
    description,
    parse(value, path) {
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(path, description, value);
      if (value < min || value > max) throw new SchemaError(path, `${description}, got ${value}`);
      return value;
    },
  };
}

export function boolean(): Schema<boolean> {
  return {
    description: 'true or false',
    parse(value, path) {
      if (typeof value !== 'boolean') fail(path, 'true or false', value);
      return value;
    },
  };
}

export function oneOf<const T extends readonly string[]>(values: T): Schema<T[number]> {
  const description = `one of ${values.join(', ')}`;
  return {
    description,
    parse(value, path) {
      if (typeof value !== 'string' || !values.includes(value)) fail(path, description, value);
      return value as T[number];
    },
  };
}

export function array<T>(item: Schema<T>, options: { maxItems?: number } = {}): Schema<T[]> {
  const maxItems = options.maxItems ?? 1000;
  const description = `a list of ${item.description}`;
  return {
    description,
    parse(value, path) {
      if (!Array.isArray(value)) fail(path, description, value);
      if (value.length > maxItems) throw new SchemaError(path, `at most ${maxItems} items`);
      return value.map((entry, index) => item.parse(entry, `${path}[${index}]`));
    },
  };
}

export function optional<T>(inner: Schema<T>): Schema<T | undefined> & { readonly optional: true } {
  return {
    description: inner.description,
    optional: true,
    parse(value, path) {
      return value === undefined ? undefined : inner.parse(value, path);
    },
  };
}

/** The value, or null (a field that must be present and may say "none"). */
export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  const description = `${inner.description} or null`;
  return {
    description,
    parse(value, path) {
      return value === null ? null : inner.parse(value, path);
    },
  };
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type ObjectOf<S extends Shape> = { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Infer<S[K]>;
};

export function object<S extends Shape>(shape: S): Schema<{ [K in keyof ObjectOf<S>]: ObjectOf<S>[K] }> {
  const keys = Object.keys(shape);
  const description = keys.length === 0 ? 'an empty object' : `an object with ${keys.join(', ')}`;
  return {
    description,
    parse(value, path) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, description, value);
      const input = value as Record<string, unknown>;
      for (const key of Object.keys(input)) {
        // Own keys only: `in` would let `constructor` or `toString` through as if they were fields.
        if (!Object.prototype.hasOwnProperty.call(shape, key)) throw new SchemaError(join(path, key), 'no such field');
      }
      const output: Record<string, unknown> = {};
      for (const key of keys) {
        const parsed = shape[key]!.parse(input[key], join(path, key));
        if (parsed !== undefined) output[key] = parsed;
      }
      return output as { [K in keyof ObjectOf<S>]: ObjectOf<S>[K] };
    },
  };
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
