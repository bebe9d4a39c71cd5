// What notifications keep: the webhook delivery log (every try, for the admin to read) and the
// nonces of answer links already used (so that a link answers once). Small interfaces, so that
// another database can hold them the same way.
import type { Db } from "./db.js";

export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface Delivery {
  id: string;
  url: string;
  type: string;
  runId: string;
  requestId: string;
  status: DeliveryStatus;
  attempts: number;
  /** The collector's last HTTP status, if it answered. */
  lastStatus?: number;
  /** Why the last try failed (never a secret: the status line or the connection error). */
  lastError?: string;
  createdAt: number;
  updatedAt: number;
}

export interface DeliveryLog {
  add(d: Pick<Delivery, "id" | "url" | "type" | "runId" | "requestId" | "createdAt">): void;
  /** Records one try's outcome. */
  tried(id: string, t: { status: DeliveryStatus; lastStatus?: number; lastError?: string; at: number }): void;
  /** The newest first. */
  list(limit: number): Delivery[];
}

export interface UsedLinks {
  /** Marks the nonce used; false if it was already. */
  use(nonce: string, runId: string, requestId: string, at: number): boolean;
}

interface DeliveryRow {
  id: string;
  url: string;
  type: string;
  run_id: string;
  request_id: string;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export function createDeliveryLog(db: Db): DeliveryLog {
  const insert = db.prepare(
    "INSERT INTO webhook_deliveries (id, url, type, run_id, request_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
  );
  const update = db.prepare(
    "UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_status = ?, last_error = ?, updated_at = ? WHERE id = ?",
  );
  const select = db.prepare("SELECT * FROM webhook_deliveries ORDER BY created_at DESC, rowid DESC LIMIT ?");
  return {
    add: (d) => void insert.run(d.id, d.url, d.type, d.runId, d.requestId, d.createdAt, d.createdAt),
    tried: (id, t) => void update.run(t.status, t.lastStatus ?? null, t.lastError ?? null, t.at, id),
    list: (limit) =>
      (select.all(limit) as DeliveryRow[]).map((r) => ({
        id: r.id,
        url: r.url,
        type: r.type,
        runId: r.run_id,
        requestId: r.request_id,
        status: r.status,
        attempts: r.attempts,
        ...(r.last_status !== null ? { lastStatus: r.last_status } : {}),
        ...(r.last_error !== null ? { lastError: r.last_error } : {}),
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      })),
  };
}

export function createUsedLinks(db: Db): UsedLinks {
  const insert = db.prepare("INSERT OR IGNORE INTO used_link_nonces (nonce, run_id, request_id, used_at) VALUES (?, ?, ?, ?)");
  return { use: (nonce, runId, requestId, at) => insert.run(nonce, runId, requestId, at).changes === 1 };
}
