// Compile-time proof that a zod schema and a payload type of the shared wire contract
// (@tandem/shared's api.ts) describe the same thing, so that the validation, the OpenAPI
// document and the studio's types cannot drift apart. Each returns the schema unchanged.
import type { z } from "@hono/zod-openapi";

type Same<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? true
        : false
      : false
    : false
  : false;

/** X without the open `[key: string]: unknown` of a loose schema, at every depth. */
type Known<X> = X extends readonly (infer E)[]
  ? Known<E>[]
  : X extends object
    ? { [K in keyof X as string extends K ? never : K]: Known<X[K]> }
    : X;

/** What the schema parses is exactly `T`: the same fields, each of the same type. */
export function exactly<T>() {
  return <S extends z.ZodType>(schema: S, ..._proof: Same<z.output<S>, T> extends true ? [] : ["the schema differs from the shared type"]) =>
    schema;
}

/**
 * Every `T` passes the schema: for payloads the schema describes loosely on purpose (an event's
 * fields depend on its type) and for queries, whose strings the schema turns into numbers.
 */
export function covers<T>() {
  return <S extends z.ZodType>(schema: S, ..._proof: [T] extends [Known<z.input<S>>] ? [] : ["the shared type does not pass the schema"]) => schema;
}
