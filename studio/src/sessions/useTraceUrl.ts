// Where the server says traces open (GET /api/health → traceUrl), asked once per page load.
import { useEffect, useState } from "react";
import { runsApi } from "../api/runs.js";

let request: Promise<string | undefined> | null = null;

export function useTraceUrl(): string | undefined {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    request ??= runsApi.health().then(
      (h) => h.traceUrl,
      () => {
        request = null;
        return undefined;
      },
    );
    void request.then((u) => live && setUrl(u));
    return () => {
      live = false;
    };
  }, []);
  return url;
}
