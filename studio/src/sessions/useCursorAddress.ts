// The replay's address follows its cursor (#/sessions/:id?at=seq), so a copied link opens at
// the same moment. Written once the cursor rests and playback is stopped (browsers refuse a page
// that rewrites its address hundreds of times a second), without a new history entry.
import { useEffect } from "react";
import { paths, replaceRoute } from "../router.js";
import { parseRoute } from "../routes.js";
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
      timer = setTimeout(() => {
        // The reader may have gone to another address since (this page is not unmounted yet):
        // writing this run's address then would take them back.
        const here = parseRoute(location.hash);
        if (here.page !== "session" || here.runId !== runId) return;
        // At the end the address names no event: the end is where a replay opens anyway.
        replaceRoute(paths.session(runId, cursor < lastSeq ? cursor : undefined));
      }, REST_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [runId, replay]);
}
