// A closed union's members as a runtime list, in a fixed order. Written as
// `listOf({ a: true, b: true } satisfies Record<U, true>)`: a member left out, or one the
// union lacks, is a compile error, so the list cannot fall behind the union.
export function listOf<K extends string>(members: Record<K, true>): readonly K[] {
  return Object.freeze(Object.keys(members) as K[]);
}
