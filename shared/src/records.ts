// Records keyed by ids that come from documents and requests. An id is data, never a property
// lookup: `__proto__`, `constructor` or `toString` must name a node like any other word.
// A record without a prototype holds such keys as its own; ownEntry reads only own keys, so it
// is safe on any record (one parsed from JSON has Object.prototype behind it).

/** An empty record with no prototype: assigning `__proto__` stores a value, as for any key. */
export function idRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The record's own value for `key`, never one inherited from Object.prototype. */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
