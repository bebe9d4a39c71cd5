// The tools the server offers (GET /api/tools): its MCP servers with their tools live, the code
// tools and what HTTP tools may reach. Asked when the picker or a tool list first needs it; asked
// again on `reload`, since a server that was down may be up now.
import type { ToolCatalog } from "@tandem/shared";
import { useCallback, useEffect, useState } from "react";
import { request } from "./client.js";

export type Tools = { catalog: ToolCatalog; error?: undefined } | { catalog?: undefined; error: string };

let pending: Promise<Tools> | null = null;
const listeners = new Set<(tools: Tools | null) => void>();

function ask(): Promise<Tools> {
  pending ??= request<ToolCatalog>("GET", "/tools").then(
    (catalog) => ({ catalog }),
    (e: Error) => ({ error: e.message }),
  );
  return pending;
}

/** The catalog (or why it could not be had), null while asked; every user sees the same answer. */
export function useTools(): { tools: Tools | null; reload: () => void } {
  const [tools, setTools] = useState<Tools | null>(null);
  useEffect(() => {
    let live = true;
    const show = (t: Tools | null) => live && setTools(t);
    listeners.add(show);
    void ask().then(show);
    return () => {
      live = false;
      listeners.delete(show);
    };
  }, []);
  const reload = useCallback(() => {
    pending = null;
    const everyone = (t: Tools | null) => listeners.forEach((show) => show(t));
    everyone(null);
    void ask().then(everyone);
  }, []);
  return { tools, reload };
}
