// Deployments in SQLite: a name pinned to one version of a saved flow, its settings, and every
// promotion (who moved it to which version, when). Keys, schedules and the hosted page's
// runs keep their own tables beside this one.
import { randomBytes } from "node:crypto";
import { DEFAULT_DEPLOYMENT_LIMITS, type CreateDeploymentRequest, type Deployment, type DeploymentLimits, type DeploymentSettings } from "@tandem/shared";
import { addColumn, type Db } from "./db.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS deployments (
  name TEXT PRIMARY KEY,
  flow_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  callback_url TEXT,
  allowed_origins TEXT NOT NULL DEFAULT '[]',
  page_enabled INTEGER NOT NULL DEFAULT 0,
  page_token TEXT NOT NULL UNIQUE,
  limits TEXT NOT NULL DEFAULT '{}',
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS deployment_promotions (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  at INTEGER NOT NULL,
  by TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS deployment_promotions_by_name ON deployment_promotions (name, at DESC);
`;

export class DeploymentExistsError extends Error {
  constructor(readonly deploymentName: string) {
    super(`a deployment named "${deploymentName}" exists already`);
    this.name = "DeploymentExistsError";
  }
}

export interface DeploymentStore {
  /** By name. */
  list(): Deployment[];
  get(name: string): Deployment | undefined;
  /** The deployment whose hosted page has this token (on or off: the caller checks `pageEnabled`). */
  byPageToken(token: string): Deployment | undefined;
  /** Throws DeploymentExistsError when the name is taken. The flow version must exist (the caller checks). */
  create(req: CreateDeploymentRequest, by: string): Deployment;
  update(name: string, settings: DeploymentSettings): Deployment | undefined;
  /** Pins another version; new runs use it, running ones keep theirs. */
  promote(name: string, version: number, by: string): Deployment | undefined;
  /** The deployment and its promotions (its runs stay). */
  delete(name: string): boolean;
}

interface Row {
  name: string;
  flow_id: string;
  flow_name: string | null;
  version: number;
  description: string;
  callback_url: string | null;
  allowed_origins: string;
  page_enabled: number;
  page_token: string;
  limits: string;
  budget_usd: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

// A flow deleted after it was deployed leaves the deployment with its id and no name.
const SELECT = `SELECT d.*, f.name AS flow_name FROM deployments d LEFT JOIN flows f ON f.id = d.flow_id`;

export function createDeploymentStore(db: Db): DeploymentStore {
  db.exec(SCHEMA);
  // Added after the table first shipped: an older data directory gains it (null: the flow's budget).
  addColumn(db, "deployments", "budget_usd", "REAL");
  const selectAll = db.prepare<[], Row>(`${SELECT} ORDER BY d.name`);
  const selectOne = db.prepare<[string], Row>(`${SELECT} WHERE d.name = ?`);
  const selectByToken = db.prepare<[string], Row>(`${SELECT} WHERE d.page_token = ?`);
  const selectHistory = db.prepare<[string], { version: number; at: number; by: string }>(
    "SELECT version, at, by FROM deployment_promotions WHERE name = ? ORDER BY at DESC, rowid DESC",
  );
  const insert = db.prepare(`INSERT INTO deployments (name, flow_id, version, description, callback_url, allowed_origins, page_enabled, page_token, limits, budget_usd, created_by, created_at, updated_at)
    VALUES (@name, @flowId, @version, @description, @callbackUrl, @allowedOrigins, @pageEnabled, @pageToken, @limits, @budgetUsd, @by, @now, @now)`);
  const insertPromotion = db.prepare("INSERT INTO deployment_promotions (name, version, at, by) VALUES (?, ?, ?, ?)");
  const updateSettings = db.prepare(`UPDATE deployments SET description = @description, callback_url = @callbackUrl, allowed_origins = @allowedOrigins,
    page_enabled = @pageEnabled, limits = @limits, budget_usd = @budgetUsd, updated_at = @now WHERE name = @name`);
  const updateVersion = db.prepare("UPDATE deployments SET version = ?, updated_at = ? WHERE name = ?");
  const deleteRow = db.prepare("DELETE FROM deployments WHERE name = ?");
  const deletePromotions = db.prepare("DELETE FROM deployment_promotions WHERE name = ?");

  const toDeployment = (r: Row): Deployment => {
    const history = selectHistory.all(r.name);
    const enabled = r.page_enabled === 1;
    return {
      name: r.name,
      flowId: r.flow_id,
      flowName: r.flow_name ?? "(deleted flow)",
      version: r.version,
      description: r.description,
      callbackUrl: r.callback_url,
      allowedOrigins: JSON.parse(r.allowed_origins) as string[],
      pageEnabled: enabled,
      pagePath: enabled ? `/d/${r.page_token}` : null,
      limits: { ...DEFAULT_DEPLOYMENT_LIMITS, ...(JSON.parse(r.limits) as Partial<DeploymentLimits>) },
      budgetUsd: r.budget_usd,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      createdBy: r.created_by,
      promotedBy: history[0]?.by ?? r.created_by,
      history,
    };
  };
  const get = (name: string) => {
    const r = selectOne.get(name);
    return r && toDeployment(r);
  };
  const settingsRow = (s: DeploymentSettings, base?: Deployment) => ({
    description: s.description ?? base?.description ?? "",
    callbackUrl: s.callbackUrl !== undefined ? s.callbackUrl : (base?.callbackUrl ?? null),
    allowedOrigins: JSON.stringify(s.allowedOrigins ?? base?.allowedOrigins ?? []),
    pageEnabled: (s.pageEnabled ?? base?.pageEnabled ?? false) ? 1 : 0,
    limits: JSON.stringify({ ...base?.limits, ...s.limits }),
    budgetUsd: s.budgetUsd !== undefined ? s.budgetUsd : (base?.budgetUsd ?? null),
  });

  const create = db.transaction((req: CreateDeploymentRequest, by: string): Deployment => {
    if (selectOne.get(req.name)) throw new DeploymentExistsError(req.name);
    const now = Date.now();
    insert.run({ name: req.name, flowId: req.flowId, version: req.version, ...settingsRow(req), pageToken: randomBytes(18).toString("base64url"), by, now });
    insertPromotion.run(req.name, req.version, now, by);
    return get(req.name)!;
  });
  const update = db.transaction((name: string, settings: DeploymentSettings) => {
    const current = get(name);
    if (!current) return undefined;
    updateSettings.run({ name, ...settingsRow(settings, current), now: Date.now() });
    return get(name);
  });
  const promote = db.transaction((name: string, version: number, by: string) => {
    if (!selectOne.get(name)) return undefined;
    const now = Date.now();
    updateVersion.run(version, now, name);
    insertPromotion.run(name, version, now, by);
    return get(name);
  });
  const remove = db.transaction((name: string) => {
    deletePromotions.run(name);
    return deleteRow.run(name).changes > 0;
  });

  return {
    list: () => selectAll.all().map(toDeployment),
    get,
    byPageToken: (token) => {
      const r = selectByToken.get(token);
      return r && toDeployment(r);
    },
    create,
    update,
    promote,
    delete: remove,
  };
}
