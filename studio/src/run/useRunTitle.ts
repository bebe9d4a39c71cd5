// The tab's title says when the run in view needs a person, so it shows from another tab.
import { useEffect } from "react";
import { useRunState } from "../run-view/context.js";
import { RUN_STATUS_LABEL } from "../run-view/labels.js";

export function useRunTitle(name: string) {
  const status = useRunState((s) => s.status, null);
  useEffect(() => {
    if (!status) return;
    const before = document.title;
    document.title = `${status === "waiting" ? "● Needs a person" : RUN_STATUS_LABEL[status]} · ${name} — Tandem Studio`;
    return () => {
      document.title = before;
    };
  }, [status, name]);
}
