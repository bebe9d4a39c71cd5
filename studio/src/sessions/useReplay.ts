// Loads a run for replay: its summary and events, with the replay built over them, opened at
// event `at` (else at the end). Following the same run to another event moves the cursor.
import type { RunSummary } from "@tandem/shared";
import { useEffect, useState } from "react";
import { runsApi } from "../api/runs.js";
import { Replay } from "./replay.js";

export type ReplayLoad = { state: "loading" } | { state: "ready"; run: RunSummary; replay: Replay } | { state: "failed"; message: string };

export function useReplay(runId: string, at: number | undefined): ReplayLoad {
  const [load, setLoad] = useState<ReplayLoad>({ state: "loading" });

  useEffect(() => {
    let live = true;
    let replay: Replay | undefined;
    setLoad({ state: "loading" });
    runsApi.get(runId).then(
      (record) => {
        if (!live) return;
        replay = new Replay(record.events, at ?? record.events.length);
        setLoad({ state: "ready", run: record.run, replay });
      },
      (e: Error) => live && setLoad({ state: "failed", message: e.message }),
    );
    return () => {
      live = false;
      replay?.dispose();
    };
    // `at` only places the cursor of a run being opened; the next effect follows it after.
  }, [runId]);

  const replay = load.state === "ready" ? load.replay : undefined;
  // An address written from the cursor (useCursorAddress) names where it already is: seeking
  // there would stop playback.
  useEffect(() => {
    if (replay && at !== undefined && at !== replay.cursor) replay.seek(at);
  }, [replay, at]);

  return load;
}
