// Play, pause, speed, and the steps: one event, one node visit, one human request.
import { useStore } from "zustand";
import { PauseIcon, PlayIcon, SkipBackIcon, SkipForwardIcon, StepBackIcon, StepForwardIcon } from "../ui/icons.js";
import { SPEEDS } from "./playback.js";
import { lastBefore, nextAfter } from "./timeline.js";
import type { Replay } from "./replay.js";

export function PlaybackControls({ replay }: { replay: Replay }) {
  const cursor = useStore(replay.status, (s) => s.cursor);
  const lastSeq = useStore(replay.status, (s) => s.lastSeq);
  const playing = useStore(replay.status, (s) => s.playing);
  const speed = useStore(replay.status, (s) => s.speed);
  const atStart = cursor <= 1;
  const atEnd = cursor >= lastSeq;
  const humans = replay.timeline.humanRequests;
  return (
    <div className="playback" role="toolbar" aria-label="Playback">
      <button type="button" className="icon-btn" aria-label="Previous node visit" title="Previous node visit (Page Up)" disabled={atStart} onClick={() => replay.jump("visit", -1)}>
        <SkipBackIcon />
      </button>
      <button type="button" className="icon-btn" aria-label="Step back" title="One event back (←)" disabled={atStart} onClick={() => replay.step(-1)}>
        <StepBackIcon />
      </button>
      <button type="button" className="btn btn-sm btn-primary playback-play" aria-label={playing ? "Pause" : "Play"} title="Play or pause (Space)" onClick={() => replay.toggle()}>
        {playing ? (
          <>
            <PauseIcon /> Pause
          </>
        ) : (
          <>
            <PlayIcon /> Play
          </>
        )}
      </button>
      <button type="button" className="icon-btn" aria-label="Step forward" title="One event forward (→)" disabled={atEnd} onClick={() => replay.step(1)}>
        <StepForwardIcon />
      </button>
      <button type="button" className="icon-btn" aria-label="Next node visit" title="Next node visit (Page Down)" disabled={atEnd} onClick={() => replay.jump("visit", 1)}>
        <SkipForwardIcon />
      </button>
      <div className="playback-human" role="group" aria-label="Human requests">
        <button type="button" className="btn btn-sm" aria-label="Previous human request" disabled={lastBefore(humans, cursor) === undefined} onClick={() => replay.jump("human", -1)}>
          <StepBackIcon size={14} /> Person
        </button>
        <button type="button" className="btn btn-sm" aria-label="Next human request" disabled={nextAfter(humans, cursor) === undefined} onClick={() => replay.jump("human", 1)}>
          Person <StepForwardIcon size={14} />
        </button>
      </div>
      <label className="playback-speed">
        <span className="muted small">Speed</span>
        <select className="input input-sm" value={speed} onChange={(e) => replay.setSpeed(Number(e.target.value))} aria-label="Playback speed">
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <span className="playback-position mono" aria-live="off">
        event {cursor} / {lastSeq}
      </span>
    </div>
  );
}
