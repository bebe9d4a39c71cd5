// A deployment's API keys in SQLite: each stored only as its SHA-256 with its first characters
// to tell it apart, when it was last used, and when it was revoked (a revoked key stays listed).
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { CreatedDeploymentKey, DeploymentKeyInfo } from "@tandem/shared";
import { DEPLOYMENT_KEY_PREFIX, digestOf, newApiToken } from "../auth/secrets.js";
import type { Db } from "./db.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS deployment_keys (
  id TEXT PRIMARY KEY,
  deployment TEXT NOT NULL,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS deployment_keys_by_deployment ON deployment_keys (deployment, created_at);
`;

export interface DeploymentKeyStore {
  /** Oldest first, revoked ones too. */
  list(deployment: string): DeploymentKeyInfo[];
  /** A new key: the answer is the only place it is ever seen. */
  create(deployment: string, name: string, now: number): CreatedDeploymentKey;
  /** Revokes the key (it stays listed); false when the deployment has no key with this id. */
  revoke(deployment: string, id: string, now: number): boolean;
  /** Whether `key` is a live key of this deployment; notes its use. */
  use(deployment: string, key: string, now: number): boolean;
  /** Every key of a deployment that is deleted. */
  deleteAll(deployment: string): void;
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

export function createDeploymentKeyStore(db: Db): DeploymentKeyStore {
  db.exec(SCHEMA);
  const select = db.prepare<[string], Row>("SELECT * FROM deployment_keys WHERE deployment = ? ORDER BY created_at, rowid");
  const live = db.prepare<[string], Pick<Row, "id" | "hash">>("SELECT id, hash FROM deployment_keys WHERE deployment = ? AND revoked_at IS NULL");
  const insert = db.prepare("INSERT INTO deployment_keys (id, deployment, name, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  const revoke = db.prepare("UPDATE deployment_keys SET revoked_at = coalesce(revoked_at, ?) WHERE deployment = ? AND id = ?");
  const used = db.prepare("UPDATE deployment_keys SET last_used_at = ? WHERE id = ?");
  const deleteAll = db.prepare("DELETE FROM deployment_keys WHERE deployment = ?");

  return {
    list: (deployment) => select.all(deployment).map(toInfo),
    create(deployment, name, now) {
      const key = newApiToken(DEPLOYMENT_KEY_PREFIX);
      const row: Row = { id: randomUUID(), name, prefix: key.slice(0, 8), hash: digestOf(key), created_at: now, last_used_at: null, revoked_at: null };
      insert.run(row.id, deployment, row.name, row.prefix, row.hash, row.created_at);
      return { ...toInfo(row), key };
    },
    revoke: (deployment, id, now) => revoke.run(now, deployment, id).changes > 0,
    use(deployment, key, now) {
      const digest = Buffer.from(digestOf(key));
      // Every live key is compared in constant time, with no early exit: how long this takes
      // says nothing about how close a guess came.
      const keys = live.all(deployment);
      let match: string | undefined;
      for (const k of keys.length ? keys : [{ id: "", hash: NO_KEY }]) {
        if (timingSafeEqual(digest, Buffer.from(k.hash)) && k.id) match = k.id;
      }
      if (match) used.run(now, match);
      return match !== undefined;
    },
    deleteAll: (deployment) => void deleteAll.run(deployment),
  };
}
