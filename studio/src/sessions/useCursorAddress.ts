// The replay's address follows its cursor (#/sessions/:id?at=seq), so a copied link opens at
// the same moment. Written once the cursor rests and playback is stopped (browsers refuse a page
// that rewrites its address hundreds of times a second), without a new history entry.
import { useEffect } from "react";
import { paths, replaceRoute } from "../router.js";
import type { Replay } from "./replay.js";

/** How long the cursor rests before the address follows. */
const REST_MS = 250;

export function useCursorAddress(runId: string, replay: Replay) {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = replay.status.subscribe(({ cursor, lastSeq, playing }, before) => {
      if (cursor === before.cursor && playing === before.playing) return;
      clearTimeout(timer);
      if (playing) return;
      // At the end the address names no event: the end is where a replay opens anyway.
      timer = setTimeout(() => replaceRoute(paths.session(runId, cursor < lastSeq ? cursor : undefined)), REST_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [runId, replay]);
}
