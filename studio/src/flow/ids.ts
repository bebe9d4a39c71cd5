// Readable ids for new nodes and edges ("agent_2", "e_writer_reviewer") that never collide.
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}_${n}`;
    if (!taken.has(id)) return id;
  }
}

/** The first free "<prefix>_<n>", counting from 1, so the first agent is "agent_1". */
export function numberedId(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${prefix}_${n}`;
    if (!taken.has(id)) return id;
  }
}
