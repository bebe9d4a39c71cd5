// Who answers from this browser: the signed-in person where the server has accounts; else a
// name asked once and kept in localStorage, the same in every tab (changing it in one tab
// changes it in the others).
import { useSyncExternalStore } from "react";
import { useMe } from "../auth/me.js";

const KEY = "tandem.answerName";
/** What the server accepts as an answer's `by`. */
export const MAX_NAME = 100;

function subscribe(changed: () => void): () => void {
  // "storage" fires in the other tabs; this tab's own writes call `changed` through `local`.
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY || e.key === null) changed();
  };
  window.addEventListener("storage", onStorage);
  local.add(changed);
  return () => {
    window.removeEventListener("storage", onStorage);
    local.delete(changed);
  };
}
const local = new Set<() => void>();

export function personName(): string {
  return localStorage.getItem(KEY) ?? "";
}

export function setPersonName(name: string): void {
  localStorage.setItem(KEY, name.slice(0, MAX_NAME));
  for (const changed of local) changed();
}

export function usePersonName(): string {
  const typed = useSyncExternalStore(subscribe, personName);
  return useMe()?.user?.name ?? typed;
}

/** The signed-in person's name, when there is one: then no name is asked. */
export const useSignedInName = (): string | undefined => useMe()?.user?.name;
