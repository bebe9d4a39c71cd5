// The audit as CSV (RFC 4180: a header row, CRLF lines, quoted fields), safe to open in a
// spreadsheet: a text cell that would start a formula is prefixed with an apostrophe.
import type { AuditEntry } from "@tandem/shared";

const COLUMNS: [string, (e: AuditEntry) => string | number | undefined][] = [
  ["time", (e) => new Date(e.at).toISOString()],
  ["action", (e) => e.action],
  ["user id", (e) => e.actor?.userId],
  ["name", (e) => e.actor?.name ?? "Tandem"],
  ["via", (e) => e.actor?.via ?? "system"],
  ["as admin", (e) => (e.actor?.asAdmin ? "yes" : "")],
  ["flow id", (e) => e.flowId ?? undefined],
  ["flow", (e) => e.flowName],
  ["run id", (e) => e.runId],
  ["node id", (e) => e.nodeId],
  ["node", (e) => e.nodeName],
  ["request id", (e) => e.requestId],
  ["seq", (e) => e.seq],
  ["detail", (e) => e.detail],
];

/** A spreadsheet reads a cell starting with one of these as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(","), ...entries.map((e) => COLUMNS.map(([, get]) => csvCell(get(e))).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}
