// A server-loaded list: the hook that loads a page of it again whenever its query changes, and its
// section — "Loading…", why it failed, what to say when it is empty, or the list (rendered by the page).
import { useEffect, useState, type ReactNode } from "react";

export type ListLoad<T> = { state: "loading" } | { state: "ready"; items: T[]; total: number } | { state: "failed"; message: string };

/** Loads `fetch()` now and whenever `key` (the query) changes; an answer to an older query is dropped. */
export function useListLoad<T>(key: string, fetch: () => Promise<{ items: T[]; total: number }>): ListLoad<T> {
  const [load, setLoad] = useState<ListLoad<T>>({ state: "loading" });
  useEffect(() => {
    let live = true;
    fetch().then(
      ({ items, total }) => live && setLoad({ state: "ready", items, total }),
      (e: Error) => live && setLoad({ state: "failed", message: e.message }),
    );
    return () => {
      live = false;
    };
    // The query is `key`: `fetch` is made anew each render from it.
  }, [key]);
  return load;
}

interface Props<T> {
  label: string;
  load: ListLoad<T>;
  /** "the runs": what could not be loaded. */
  what: string;
  empty: string;
  children: (items: T[], total: number) => ReactNode;
}

export function ListSection<T>({ label, load, what, empty, children }: Props<T>) {
  return (
    <section aria-label={label} aria-busy={load.state === "loading"}>
      {load.state === "loading" && <p className="muted">Loading…</p>}
      {load.state === "failed" && (
        <div className="alert alert-error" role="alert">
          <div className="alert-body">
            Could not load {what}: {load.message}
          </div>
        </div>
      )}
      {load.state === "ready" && load.items.length === 0 && <p className="empty">{empty}</p>}
      {load.state === "ready" && load.items.length > 0 && children(load.items, load.total)}
    </section>
  );
}
