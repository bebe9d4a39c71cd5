// What notifications keep: the webhook delivery log (every try, for the admin to read) and the
// nonces of answer links already used (so that a link answers once), over SQL for SQLite and
// Postgres alike.
import type { Sql } from "./sql/types.js";

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
  add(d: Pick<Delivery, "id" | "url" | "type" | "runId" | "requestId" | "createdAt">): Promise<void>;
  /** Records one try's outcome. */
  tried(id: string, t: { status: DeliveryStatus; lastStatus?: number; lastError?: string; at: number }): Promise<void>;
  /** The newest first. */
  list(limit: number): Promise<Delivery[]>;
}

export interface UsedLinks {
  /** Marks the nonce used; false if it was already. */
  use(nonce: string, runId: string, requestId: string, at: number): Promise<boolean>;
  /** Makes it usable again (its answer was refused). */
  release(nonce: string): Promise<void>;
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

export function createDeliveryLog(sql: Sql): DeliveryLog {
  return {
    add: async (d) =>
      void (await sql.run(
        "INSERT INTO webhook_deliveries (id, url, type, run_id, request_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
        [d.id, d.url, d.type, d.runId, d.requestId, d.createdAt, d.createdAt],
      )),
    tried: async (id, t) =>
      void (await sql.run("UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_status = ?, last_error = ?, updated_at = ? WHERE id = ?", [
        t.status,
        t.lastStatus ?? null,
        t.lastError ?? null,
        t.at,
        id,
      ])),
    list: async (limit) =>
      (
        await sql.all<DeliveryRow>(
          `SELECT id, url, type, run_id, request_id, status, attempts, last_status, last_error, created_at, updated_at
           FROM webhook_deliveries ORDER BY created_at DESC, rowid DESC LIMIT ?`,
          [limit],
        )
      ).map((r) => ({
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

export function createUsedLinks(sql: Sql): UsedLinks {
  return {
    // The nonce is the key: of two uses at once, one inserts it and the other changes nothing
    // (on Postgres it waits for the first to commit or roll back, then knows).
    use: async (nonce, runId, requestId, at) =>
      (await sql.run("INSERT INTO used_link_nonces (nonce, run_id, request_id, used_at) VALUES (?, ?, ?, ?) ON CONFLICT (nonce) DO NOTHING", [nonce, runId, requestId, at]))
        .changes === 1,
    release: async (nonce) => void (await sql.run("DELETE FROM used_link_nonces WHERE nonce = ?", [nonce])),
  };
}
