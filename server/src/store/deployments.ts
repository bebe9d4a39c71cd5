// Deployments, over SQL (SQLite or Postgres): a name pinned to one version of a saved flow, its
// settings, and every promotion (who moved it to which version, when). Keys, schedules and the
// hosted page's runs keep their own tables beside this one.
import { randomBytes } from "node:crypto";
import { DEFAULT_DEPLOYMENT_LIMITS, type CreateDeploymentRequest, type Deployment, type DeploymentLimits, type DeploymentSettings } from "@tandem/shared";
import type { Param, Sql } from "./sql/types.js";

export class DeploymentExistsError extends Error {
  constructor(readonly deploymentName: string) {
    super(`a deployment named "${deploymentName}" exists already`);
    this.name = "DeploymentExistsError";
  }
}

export interface DeploymentStore {
  /** By name. */
  list(): Promise<Deployment[]>;
  get(name: string): Promise<Deployment | undefined>;
  /** The deployment whose hosted page has this token (on or off: the caller checks `pageEnabled`). */
  byPageToken(token: string): Promise<Deployment | undefined>;
  /** Throws DeploymentExistsError when the name is taken. The flow version must exist (the caller checks). */
  create(req: CreateDeploymentRequest, by: string): Promise<Deployment>;
  update(name: string, settings: DeploymentSettings): Promise<Deployment | undefined>;
  /** Pins another version; new runs use it, running ones keep theirs. */
  promote(name: string, version: number, by: string): Promise<Deployment | undefined>;
  /** The deployment and its promotions (its runs stay). */
  delete(name: string): Promise<boolean>;
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
const INSERT = `INSERT INTO deployments (name, flow_id, version, description, callback_url, allowed_origins, page_enabled, limits, budget_usd, page_token, created_by, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`;
const UPDATE_SETTINGS = `UPDATE deployments SET description = ?, callback_url = ?, allowed_origins = ?, page_enabled = ?, limits = ?, budget_usd = ?, updated_at = ?
  WHERE name = ?`;
const INSERT_PROMOTION = "INSERT INTO deployment_promotions (name, version, at, by) VALUES (?, ?, ?, ?)";

/** The lock a deployment's changes take: of two servers changing it at once, one reads what the other wrote. */
const changing = (name: string) => `tandem:deployment:${name}`;

/** The settings columns in the order INSERT and UPDATE_SETTINGS name them: those given, else the deployment's, else the defaults. */
const settingsOf = (s: DeploymentSettings, base?: Deployment): Param[] => [
  s.description ?? base?.description ?? "",
  s.callbackUrl !== undefined ? s.callbackUrl : (base?.callbackUrl ?? null),
  JSON.stringify(s.allowedOrigins ?? base?.allowedOrigins ?? []),
  (s.pageEnabled ?? base?.pageEnabled ?? false) ? 1 : 0,
  JSON.stringify({ ...base?.limits, ...s.limits }),
  s.budgetUsd !== undefined ? s.budgetUsd : (base?.budgetUsd ?? null),
];

export function createDeploymentStore(sql: Sql): DeploymentStore {
  const toDeployment = async (r: Row): Promise<Deployment> => {
    const history = await sql.all<{ version: number; at: number; by: string }>(
      "SELECT version, at, by FROM deployment_promotions WHERE name = ? ORDER BY at DESC, rowid DESC",
      [r.name],
    );
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
  const one = async (where: string, value: string) => {
    const r = await sql.get<Row>(`${SELECT} WHERE ${where} = ?`, [value]);
    return r && toDeployment(r);
  };
  const get = (name: string) => one("d.name", name);

  return {
    list: async () => Promise.all((await sql.all<Row>(`${SELECT} ORDER BY d.name`)).map(toDeployment)),
    get,
    byPageToken: (token) => one("d.page_token", token),
    // The name's primary key decides between two servers creating the same name: one row goes in.
    create: (req, by) =>
      sql.tx(async () => {
        const now = Date.now();
        const token = randomBytes(18).toString("base64url");
        const inserted = await sql.run(INSERT, [req.name, req.flowId, req.version, ...settingsOf(req), token, by, now, now]);
        if (inserted.changes === 0) throw new DeploymentExistsError(req.name);
        await sql.run(INSERT_PROMOTION, [req.name, req.version, now, by]);
        return (await get(req.name))!;
      }),
    update: (name, settings) =>
      sql.tx(
        async () => {
          const current = await get(name);
          if (!current) return undefined;
          await sql.run(UPDATE_SETTINGS, [...settingsOf(settings, current), Date.now(), name]);
          return get(name);
        },
        { lock: changing(name) },
      ),
    // Under the lock, the pinned version is always the newest promotion's.
    promote: (name, version, by) =>
      sql.tx(
        async () => {
          const now = Date.now();
          if ((await sql.run("UPDATE deployments SET version = ?, updated_at = ? WHERE name = ?", [version, now, name])).changes === 0) return undefined;
          await sql.run(INSERT_PROMOTION, [name, version, now, by]);
          return get(name);
        },
        { lock: changing(name) },
      ),
    delete: (name) =>
      sql.tx(async () => {
        await sql.run("DELETE FROM deployment_promotions WHERE name = ?", [name]);
        return (await sql.run("DELETE FROM deployments WHERE name = ?", [name])).changes > 0;
      }),
  };
}
