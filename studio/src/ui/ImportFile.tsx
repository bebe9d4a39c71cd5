// Importing a file (JSON unless told) on a list page: the Import button (a hidden file chooser behind it) and
// the alert that says why a file was not imported.
import type { Problem } from "@tandem/shared";
import { useRef, useState, type ReactNode } from "react";
import { UploadIcon } from "./icons.js";

export interface ImportFailure {
  file: string;
  message: string;
  problems?: readonly Problem[];
}

interface Options {
  label: string;
  testId: string;
  /** What became of a file that failed, e.g. "Nothing was saved." */
  outcome: string;
  /** The file chooser's accept list; JSON files unless given. */
  accept?: string;
  /** The page is busy with something else. */
  disabled?: boolean;
  /** Imports the file; says why it could not be imported, or null. */
  importFile: (file: File) => Promise<ImportFailure | null>;
}

/** The Import button for the page's header, and the alert to show under it (or null). */
export function useImportFile({ label, testId, outcome, accept = ".json,application/json", disabled = false, importFile }: Options): { button: ReactNode; alert: ReactNode } {
  const [importing, setImporting] = useState(false);
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const onFile = async (file: File) => {
    setFailure(null);
    setImporting(true);
    try {
      setFailure(await importFile(file));
    } finally {
      setImporting(false);
    }
  };
  return {
    button: (
      <ImportButton busy={importing || disabled} testId={testId} accept={accept} onFile={(file) => void onFile(file)}>
        {label}
      </ImportButton>
    ),
    alert: failure && <ImportFailureAlert failure={failure} outcome={outcome} onDismiss={() => setFailure(null)} />,
  };
}

function ImportButton({ busy, testId, accept, onFile, children }: { busy: boolean; testId: string; accept: string; onFile: (file: File) => void; children: ReactNode }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={accept}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid={testId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared so that choosing the same file again imports it again.
          e.target.value = "";
          if (file) onFile(file);
        }}
      />
      <button type="button" className="btn" disabled={busy} onClick={() => input.current?.click()}>
        <UploadIcon /> {children}
      </button>
    </>
  );
}

function ImportFailureAlert({ failure, outcome, onDismiss }: { failure: ImportFailure; outcome: string; onDismiss: () => void }) {
  const problems = failure.problems ?? [];
  return (
    <div className="alert alert-error" role="alert">
      <div className="alert-body">
        <strong>Could not import {failure.file}.</strong> {failure.message} {outcome}
        {problems.length > 0 && (
          <ul className="alert-list">
            {problems.slice(0, 12).map((p, i) => (
              <li key={i}>
                <code>{p.path || "(document)"}</code> {p.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="icon-btn" aria-label="Dismiss import error" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
