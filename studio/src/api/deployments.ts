// The deployments API (/api/deployments): publishing a saved version under a name, promoting
// another, its settings, its API keys, its schedules, its figures and its runs.
import type {
  CreateDeploymentRequest,
  CreatedDeploymentKey,
  Deployment,
  DeploymentKeyInfo,
  DeploymentSettings,
  DeploymentStats,
  RunList,
  Schedule,
  ScheduleRequest,
} from "@tandem/shared";
import { request } from "./client.js";

const at = (name: string) => `/deployments/${encodeURIComponent(name)}`;

export const deploymentsApi = {
  list: async () => (await request<{ deployments: Deployment[] }>("GET", "/deployments")).deployments,
  get: (name: string) => request<Deployment>("GET", at(name)),
  create: (body: CreateDeploymentRequest) => request<Deployment>("POST", "/deployments", body),
  update: (name: string, settings: DeploymentSettings) => request<Deployment>("PATCH", at(name), settings),
  remove: (name: string) => request<void>("DELETE", at(name)),
  /** Every new run of the deployment runs `version` from now on. */
  promote: (name: string, version: number) => request<Deployment>("POST", `${at(name)}/promote`, { version }),
  keys: async (name: string) => (await request<{ keys: DeploymentKeyInfo[] }>("GET", `${at(name)}/keys`)).keys,
  /** The answer holds the key itself, the only time it is shown. */
  createKey: (name: string, keyName: string) => request<CreatedDeploymentKey>("POST", `${at(name)}/keys`, { name: keyName }),
  revokeKey: (name: string, id: string) => request<void>("DELETE", `${at(name)}/keys/${encodeURIComponent(id)}`),
  stats: (name: string) => request<DeploymentStats>("GET", `${at(name)}/stats`),
  /** The deployment's runs, newest first. */
  runs: (name: string, limit: number) => request<RunList>("GET", `/runs?${new URLSearchParams({ deployment: name, limit: String(limit) })}`),
  schedules: async (name: string) => (await request<{ schedules: Schedule[] }>("GET", `${at(name)}/schedules`)).schedules,
  createSchedule: (name: string, body: ScheduleRequest) => request<Schedule>("POST", `${at(name)}/schedules`, body),
  updateSchedule: (name: string, id: string, body: Partial<ScheduleRequest>) =>
    request<Schedule>("PATCH", `${at(name)}/schedules/${encodeURIComponent(id)}`, body),
  removeSchedule: (name: string, id: string) => request<void>("DELETE", `${at(name)}/schedules/${encodeURIComponent(id)}`),
};
