// Jumping anywhere in a long run: the state is kept every N events, so the state at any point
// is a copy of the nearest kept one before it with at most N events folded on (the one reducer).
// Keeping them costs a copy of the transcript each (~100 ms for a 50,000-event run), so they
// are built in slices after the replay has opened; until then a jump folds from the latest one.
import { applyEvent, cloneState, fold, type RunEvent, type RunState } from "@tandem/shared";

export const SNAPSHOT_EVERY = 500;

export class Snapshots {
  /** kept[i] is the state after the first i × every events. */
  private readonly kept: RunState[];
  /** The state after the first `folded` events, which build() goes on from. */
  private readonly building: RunState;
  private folded = 0;

  /** `events` are a run's log in order, seq counting from 1 without gaps (as the store keeps them). */
  constructor(
    private readonly events: readonly RunEvent[],
    readonly every = SNAPSHOT_EVERY,
  ) {
    this.building = fold([]);
    this.kept = [cloneState(this.building)];
  }

  /** Keeps states along the run until about `budgetMs` is spent; true once every one is kept. */
  build(budgetMs = Infinity): boolean {
    const until = performance.now() + budgetMs;
    while (this.folded < this.events.length) {
      applyEvent(this.building, this.events[this.folded++]!);
      if (this.folded % this.every === 0) {
        this.kept.push(cloneState(this.building));
        if (performance.now() >= until) break;
      }
    }
    return this.folded === this.events.length;
  }

  get lastSeq(): number {
    return this.events.length;
  }

  /** How many states are kept (the blank one included). */
  get size(): number {
    return this.kept.length;
  }

  /** The event with this seq. */
  event(seq: number): RunEvent | undefined {
    return this.events[seq - 1];
  }

  /** A new state: the events up to and including `seq` folded (0 gives the blank state). */
  stateAt(seq: number): RunState {
    const count = Math.max(0, Math.min(Math.floor(seq), this.events.length));
    const base = Math.min(Math.floor(count / this.every), this.kept.length - 1);
    const state = cloneState(this.kept[base]!);
    for (let i = base * this.every; i < count; i++) applyEvent(state, this.events[i]!);
    return state;
  }
}
