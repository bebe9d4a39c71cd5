// One replay: a run's events, the states kept along them, the cursor and playback. The state at
// the cursor goes into a run view (run/store.ts), so the live run's own components show it.
import type { RunEvent } from "@tandem/shared";
import { createStore, type StoreApi } from "zustand/vanilla";
import { createRunView, type RunViewStore } from "../run-view/store.js";
import { playTimes, seqAtTime } from "./playback.js";
import { Snapshots } from "./snapshots.js";
import { lastBefore, nextAfter, timelineOf, type TimelineModel } from "./timeline.js";

export interface ReplayStatus {
  /** The last event shown (1 … lastSeq). */
  cursor: number;
  lastSeq: number;
  playing: boolean;
  speed: number;
  /** Messages in the transcript at the cursor, and how many of the latest the view holds. */
  messages: number;
  shown: number;
}

/**
 * The transcript shows this many of the latest messages at the cursor, and more on request:
 * rendering thousands of messages (markdown and all) on every jump would take seconds.
 */
export const TRANSCRIPT_WINDOW = 30;

export type JumpTarget = "visit" | "human";

/** Snapshots are built in slices this long, between frames, once the replay has opened. */
const BUILD_SLICE_MS = 8;

export class Replay {
  readonly view: RunViewStore = createRunView();
  readonly status: StoreApi<ReplayStatus>;
  readonly snapshots: Snapshots;
  readonly timeline: TimelineModel;
  private readonly events: readonly RunEvent[];
  private readonly times: Float64Array;
  /** Playback's position in play time (ms), moved on each frame while playing. */
  private clock = 0;
  private frame = 0;
  private building: ReturnType<typeof setTimeout> | undefined;

  constructor(events: readonly RunEvent[], at = events.length) {
    this.events = events;
    this.snapshots = new Snapshots(events);
    this.timeline = timelineOf(this.events);
    this.times = playTimes(this.events);
    this.status = createStore<ReplayStatus>()(() => ({
      cursor: 0,
      lastSeq: this.events.length,
      playing: false,
      speed: 1,
      messages: 0,
      shown: TRANSCRIPT_WINDOW,
    }));
    this.seek(at);
    const build = () => {
      this.building = this.snapshots.build(BUILD_SLICE_MS) ? undefined : setTimeout(build);
    };
    this.building = setTimeout(build);
  }

  get cursor(): number {
    return this.status.getState().cursor;
  }

  event(seq: number): RunEvent | undefined {
    return this.snapshots.event(seq);
  }

  /** Stops playback and moves the cursor to `seq` (clamped to the run). */
  seek(seq: number): void {
    this.pause();
    this.show(seq);
  }

  step(delta: number): void {
    this.seek(this.cursor + delta);
  }

  /** To the next (1) or previous (-1) node visit or human request. */
  jump(target: JumpTarget, direction: 1 | -1): void {
    const seqs = target === "visit" ? this.timeline.visitStarts : this.timeline.humanRequests;
    const to = direction === 1 ? nextAfter(seqs, this.cursor) : lastBefore(seqs, this.cursor);
    if (to !== undefined) this.seek(to);
  }

  play(): void {
    if (this.status.getState().playing || !this.events.length) return;
    if (this.cursor >= this.events.length) this.show(1);
    this.clock = this.times[this.cursor - 1]!;
    this.status.setState({ playing: true });
    let last = performance.now();
    const tick = (now: number) => {
      this.clock += Math.max(now - last, 0) * this.status.getState().speed;
      last = now;
      const seq = seqAtTime(this.times, this.clock);
      if (seq > this.cursor) this.show(seq);
      if (this.cursor >= this.events.length) return this.pause();
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  pause(): void {
    if (!this.status.getState().playing) return;
    cancelAnimationFrame(this.frame);
    this.status.setState({ playing: false });
  }

  toggle(): void {
    if (this.status.getState().playing) this.pause();
    else this.play();
  }

  setSpeed(speed: number): void {
    this.status.setState({ speed });
  }

  /** Lets the transcript hold more of the earlier messages. */
  showMoreMessages(): void {
    this.status.setState((s) => ({ shown: s.shown + TRANSCRIPT_WINDOW }));
    this.show(this.cursor, true);
  }

  dispose(): void {
    this.pause();
    clearTimeout(this.building);
  }

  private show(seq: number, again = false): void {
    const cursor = Math.max(Math.min(Math.round(seq), this.events.length), Math.min(1, this.events.length));
    if (cursor === this.cursor && this.view.getState().state && !again) return;
    // A fresh state, so the view may hold only the latest messages of it.
    const state = this.snapshots.stateAt(cursor);
    const messages = state.messages.length;
    const { shown } = this.status.getState();
    if (messages > shown) state.messages = state.messages.slice(-shown);
    this.view.setState((v) => ({ state, version: v.version + 1 }));
    this.status.setState({ cursor, messages });
  }
}
