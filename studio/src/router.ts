// A small hash router. Pages: #/flows, #/flows/:id (run pages join later). A page with unsaved
// work installs a leave guard, asked before any in-app navigation, including Back.
import { useSyncExternalStore } from "react";
import { parseRoute, type Route } from "./routes.js";

export { paths } from "./routes.js";

type Guard = () => Promise<boolean>;

let guard: Guard | null = null;
let current = location.hash;
const listeners = new Set<() => void>();

function publish() {
  current = location.hash;
  for (const l of listeners) l();
}

window.addEventListener("hashchange", () => {
  const to = location.hash;
  if (!guard || to === current) return publish();
  // Put the address back while the page decides, then go on only if it agrees.
  const from = current;
  history.replaceState(null, "", from || "#/flows");
  void guard().then((ok) => {
    if (ok) go(to);
  });
});

function go(hash: string) {
  guard = null;
  if (location.hash === hash) publish();
  else location.hash = hash;
}

export function navigate(path: string) {
  const hash = `#${path}`;
  if (!guard) return go(hash);
  void guard().then((ok) => {
    if (ok) go(hash);
  });
}

/** Moves within the current page (the editor opening a run): no guard, no new history entry. */
export function replaceRoute(path: string) {
  history.replaceState(null, "", `#${path}`);
  publish();
}

/** Installs a guard asked before leaving the page; returns its removal. */
export function setLeaveGuard(ask: Guard): () => void {
  guard = ask;
  return () => {
    if (guard === ask) guard = null;
  };
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => current);
  return parseRoute(hash);
}
