// A deployment's API keys, over SQL (SQLite or Postgres): each stored only as its SHA-256 with its
// first characters to tell it apart, when it was last used, and when it was revoked (a revoked
// key stays listed).
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { CreatedDeploymentKey, DeploymentKeyInfo } from "@tandem/shared";
import { DEPLOYMENT_KEY_PREFIX, digestOf, newApiToken } from "../auth/secrets.js";
import type { Sql } from "./sql/types.js";

export interface DeploymentKeyStore {
  /** Oldest first, revoked ones too. */
  list(deployment: string): Promise<DeploymentKeyInfo[]>;
  /** A new key: the answer is the only place it is ever seen. */
  create(deployment: string, name: string, now: number): Promise<CreatedDeploymentKey>;
  /** Revokes the key (it stays listed); false when the deployment has no key with this id. */
  revoke(deployment: string, id: string, now: number): Promise<boolean>;
  /** Whether `key` is a live key of this deployment; notes its use. */
  use(deployment: string, key: string, now: number): Promise<boolean>;
  /** Every key of a deployment that is deleted. */
  deleteAll(deployment: string): Promise<void>;
}

interface Row {
  id: string;
  name: string;
  prefix: string;
  hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

const toInfo = (r: Row): DeploymentKeyInfo => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

// What a key is compared with when its deployment has none: the same work either way.
const NO_KEY = digestOf("no key");

export function createDeploymentKeyStore(sql: Sql): DeploymentKeyStore {
  return {
    list: async (deployment) =>
      (await sql.all<Row>("SELECT id, name, prefix, hash, created_at, last_used_at, revoked_at FROM deployment_keys WHERE deployment = ? ORDER BY created_at, rowid", [deployment])).map(toInfo),
    async create(deployment, name, now) {
      const key = newApiToken(DEPLOYMENT_KEY_PREFIX);
      const row: Row = { id: randomUUID(), name, prefix: key.slice(0, 8), hash: digestOf(key), created_at: now, last_used_at: null, revoked_at: null };
      await sql.run("INSERT INTO deployment_keys (id, deployment, name, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)", [row.id, deployment, row.name, row.prefix, row.hash, row.created_at]);
      return { ...toInfo(row), key };
    },
    revoke: async (deployment, id, now) =>
      (await sql.run("UPDATE deployment_keys SET revoked_at = coalesce(revoked_at, ?) WHERE deployment = ? AND id = ?", [now, deployment, id])).changes > 0,
    async use(deployment, key, now) {
      const digest = Buffer.from(digestOf(key));
      // Every live key is compared in constant time, with no early exit: how long this takes
      // says nothing about how close a guess came.
      const keys = await sql.all<Pick<Row, "id" | "hash">>("SELECT id, hash FROM deployment_keys WHERE deployment = ? AND revoked_at IS NULL", [deployment]);
      let match: string | undefined;
      for (const k of keys.length ? keys : [{ id: "", hash: NO_KEY }]) {
        if (timingSafeEqual(digest, Buffer.from(k.hash)) && k.id) match = k.id;
      }
      if (match) await sql.run("UPDATE deployment_keys SET last_used_at = ? WHERE id = ?", [now, match]);
      return match !== undefined;
    },
    async deleteAll(deployment) {
      await sql.run("DELETE FROM deployment_keys WHERE deployment = ?", [deployment]);
    },
  };
}
