// A server-paged list's footer: which rows of how many are shown, and the previous and next pages.
export function Pager({ offset, shown, total, pageSize, onGo }: { offset: number; shown: number; total: number; pageSize: number; onGo: (offset: number) => void }) {
  const last = offset + shown;
  return (
    <nav className="pager" aria-label="Pages">
      <span className="muted">
        {(offset + 1).toLocaleString("en")}–{last.toLocaleString("en")} of {total.toLocaleString("en")}
      </span>
      <button type="button" className="btn btn-sm" disabled={offset === 0} onClick={() => onGo(Math.max(0, offset - pageSize))}>
        Previous
      </button>
      <button type="button" className="btn btn-sm" disabled={last >= total} onClick={() => onGo(offset + pageSize)}>
        Next
      </button>
    </nav>
  );
}
