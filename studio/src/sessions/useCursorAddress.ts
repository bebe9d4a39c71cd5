// The replay's address follows its cursor (#/sessions/:id?at=seq), so a copied link opens at
// the same moment. Written once the cursor rests (not on every frame of playback: browsers
// refuse a page that rewrites its address hundreds of times a second), without a new history entry.
import { useEffect } from "react";
import { paths, replaceRoute } from "../router.js";
import type { Replay } from "./replay.js";

/** How long the cursor rests before the address follows. */
const REST_MS = 250;

export function useCursorAddress(runId: string, replay: Replay) {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = replay.status.subscribe(({ cursor, lastSeq }, before) => {
      if (cursor === before.cursor) return;
      clearTimeout(timer);
      // At the end the address names no event: the end is where a replay opens anyway.
      timer = setTimeout(() => replaceRoute(paths.session(runId, cursor < lastSeq ? cursor : undefined)), REST_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [runId, replay]);
}
