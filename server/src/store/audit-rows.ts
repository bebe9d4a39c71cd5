// The audit rows a batch of appended events adds, one per audit entry (as eventsToAudit reads
// them), with who did it: what both event stores index so the audit can filter without reading logs.
import { auditActions, auditActor, isAuditEvent, type AuditAction, type RunEvent } from "@tandem/shared";

export interface NewAuditRow {
  seq: number;
  at: number;
  action: AuditAction;
  userId: string | null;
  name: string | null;
}

/** `readingAsked(requestId)`: whether the request asked to confirm a reading (its answer is a correction). */
export function auditRowsOf(events: readonly RunEvent[], readingAsked: (requestId: string) => boolean): NewAuditRow[] {
  return events.filter(isAuditEvent).flatMap((e) => {
    const actor = auditActor(e);
    return auditActions(e, e.type === "human.responded" && readingAsked(e.requestId)).map((action) => ({
      seq: e.seq,
      at: e.at,
      action,
      userId: actor?.userId ?? null,
      name: actor?.name ?? null,
    }));
  });
}
