// The replay's transcript panel: the live run's Transcript at the cursor, kept scrolled to the
// cursor's end, and the human card where a person was being asked. A long run's earlier
// messages are left out until asked for (see TRANSCRIPT_WINDOW).
import { useRef } from "react";
import { useStore } from "zustand";
import { Transcript } from "../run/Transcript.js";
import { useStickToBottom } from "../run/useStickToBottom.js";
import type { Replay } from "./replay.js";
import { ReplayHumanCard } from "./ReplayHumanCard.js";

export function ReplayTranscript({ replay, onFork }: { replay: Replay; onFork: () => void }) {
  const scroll = useRef<HTMLDivElement>(null);
  const hidden = useStore(replay.status, (s) => Math.max(s.messages - s.shown, 0));
  useStickToBottom(scroll);
  return (
    <section className="replay-transcript" aria-label="Transcript at the cursor">
      <div className="run-scroll" ref={scroll}>
        {hidden > 0 && (
          <p className="transcript-more">
            {hidden.toLocaleString("en")} earlier message{hidden === 1 ? "" : "s"} not shown.{" "}
            <button type="button" className="link-btn" onClick={() => replay.showMoreMessages()}>
              Show more
            </button>
          </p>
        )}
        <Transcript />
        <ReplayHumanCard replay={replay} onFork={onFork} />
      </div>
    </section>
  );
}
