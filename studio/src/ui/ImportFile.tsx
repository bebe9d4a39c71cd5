// Importing a JSON file on a list page: the Import button (a hidden file chooser behind it) and
// the alert that says why a file was not imported.
import type { Problem } from "@tandem/shared";
import { useRef, type ReactNode } from "react";
import { UploadIcon } from "./icons.js";

export function ImportButton({ busy, testId, onFile, children }: { busy: boolean; testId: string; onFile: (file: File) => void; children: ReactNode }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
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

export interface ImportFailure {
  file: string;
  message: string;
  problems?: readonly Problem[];
}

/** `outcome` says what became of the file, e.g. "Nothing was saved." */
export function ImportFailureAlert({ failure, outcome, onDismiss }: { failure: ImportFailure; outcome: string; onDismiss: () => void }) {
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
