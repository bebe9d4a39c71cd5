// One thing an evaluation page opens, loaded again when its key changes, and asked again every
// POLL_MS while `again` holds for it (an evaluation still running).
import { useEffect, useState } from "react";
import type { PageLoad } from "../ui/PageStatus.js";

const POLL_MS = 1000;

export function useLoad<T>(key: string, fetch: () => Promise<T>, again?: (value: T) => boolean): PageLoad<T> {
  const [load, setLoad] = useState<PageLoad<T>>({ state: "loading" });
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () =>
      fetch().then(
        (value) => {
          if (!live) return;
          setLoad({ state: "ready", value });
          if (again?.(value)) timer = setTimeout(ask, POLL_MS);
        },
        (e: Error) => live && setLoad({ state: "failed", message: e.message }),
      );
    setLoad({ state: "loading" });
    void ask();
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The thing is `key`: `fetch` and `again` are made anew each render from it.
  }, [key]);
  return load;
}
