// What a page shows while the thing it opens is loading, or why it could not be opened, with
// the way back.
export type PageLoad<T> = { state: "loading" } | { state: "ready"; value: T } | { state: "failed"; message: string };

interface Props {
  load: { state: "loading" } | { state: "failed"; message: string };
  /** e.g. "Opening the flow…" */
  loading: string;
  /** e.g. "This flow could not be opened" (the reason follows). */
  failed: string;
  back: { path: string; label: string };
}

export function PageStatus({ load, loading, failed, back }: Props) {
  if (load.state === "loading") return <div className="page-message" aria-busy="true">{loading}</div>;
  return (
    <div className="page-message" role="alert">
      <p>
        {failed}: {load.message}
      </p>
      <a href={`#${back.path}`}>{back.label}</a>
    </div>
  );
}
