// What a person has typed into a human card and not sent yet, per run and request, kept in
// sessionStorage so that a reload of the tab does not lose it. Cleared once sent or answered
// elsewhere.
export interface ReplyDraft {
  text: string;
  /** The reviewed message as being edited in place, while editing. */
  edit?: string;
}

const keyOf = (runId: string, requestId: string) => `tandem.reply.${runId}.${requestId}`;

export function loadDraft(runId: string, requestId: string): ReplyDraft {
  try {
    const raw = sessionStorage.getItem(keyOf(runId, requestId));
    const draft = raw ? (JSON.parse(raw) as Partial<ReplyDraft>) : {};
    return { text: typeof draft.text === "string" ? draft.text : "", ...(typeof draft.edit === "string" && { edit: draft.edit }) };
  } catch {
    // A value this studio did not write: start afresh.
    return { text: "" };
  }
}

export function saveDraft(runId: string, requestId: string, draft: ReplyDraft): void {
  if (!draft.text && draft.edit === undefined) clearDraft(runId, requestId);
  else sessionStorage.setItem(keyOf(runId, requestId), JSON.stringify(draft));
}

export function clearDraft(runId: string, requestId: string): void {
  sessionStorage.removeItem(keyOf(runId, requestId));
}

/** What was typed and would be lost: the reply, or an edit that changes the message. */
export function unsentText(draft: ReplyDraft, reviewed: string | undefined): string {
  const edited = draft.edit !== undefined && draft.edit !== reviewed ? draft.edit : "";
  return [draft.text.trim(), edited.trim()].filter(Boolean).join("\n\n");
}
