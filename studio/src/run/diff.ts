// A longest-common-subsequence diff of two sequences, for transcripts (compare view) and words
// (a person's edit against the original). Runs that share a beginning (a fork and its parent)
// or an end cost nothing; only the middle that differs is compared cell by cell.
export type DiffOp<T> = { kind: "same"; a: T; b: T } | { kind: "removed"; a: T } | { kind: "added"; b: T };

/** Above this many cells the middle is shown as all removed then all added, not aligned. */
const MAX_CELLS = 4_000_000;

export function diff<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): DiffOp<T>[] {
  let start = 0;
  while (start < a.length && start < b.length && same(a[start]!, b[start]!)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && same(a[endA - 1]!, b[endB - 1]!)) {
    endA--;
    endB--;
  }
  const ops: DiffOp<T>[] = [];
  for (let i = 0; i < start; i++) ops.push({ kind: "same", a: a[i]!, b: b[i]! });
  ops.push(...middle(a.slice(start, endA), b.slice(start, endB), same));
  for (let i = 0; i < a.length - endA; i++) ops.push({ kind: "same", a: a[endA + i]!, b: b[endB + i]! });
  return ops;
}

function middle<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): DiffOp<T>[] {
  const n = a.length;
  const m = b.length;
  if (n * m === 0 || n * m > MAX_CELLS) {
    return [...a.map((x): DiffOp<T> => ({ kind: "removed", a: x })), ...b.map((y): DiffOp<T> => ({ kind: "added", b: y }))];
  }
  // lcs[i * (m + 1) + j]: the longest common subsequence of a[i..] and b[j..].
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = same(a[i]!, b[j]!)
        ? lcs[(i + 1) * (m + 1) + j + 1]! + 1
        : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    }
  }
  const ops: DiffOp<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (same(a[i]!, b[j]!)) ops.push({ kind: "same", a: a[i++]!, b: b[j++]! });
    else if (lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!) ops.push({ kind: "removed", a: a[i++]! });
    else ops.push({ kind: "added", b: b[j++]! });
  }
  while (i < n) ops.push({ kind: "removed", a: a[i++]! });
  while (j < m) ops.push({ kind: "added", b: b[j++]! });
  return ops;
}
