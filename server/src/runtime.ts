// The composition root: the database (a SQLite data directory or a Postgres URL), its stores,
// this process's claims on runs, the model registry and the engine. `serve`, every CLI command
// and the SDK open their data here and nowhere else, so each of them drives only the runs it has claimed.
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { startDeploymentRun } from "./deploy/start.js";
import { startCallbacks } from "./deploy/callback.js";
import { Engine } from "./engine/engine.js";
import type { EngineDeps } from "./engine/deps.js";
import { createRegistry, type ProviderRegistry, type RegistryOptions } from "./providers/registry.js";
import type { AccountStore } from "./store/accounts.js";
import { createAccountStore } from "./store/accounts-sql.js";
import { checkpointInBackground } from "./store/checkpoints.js";
import { dataDir as defaultDataDir, type Db } from "./store/db.js";
import { isPostgresUrl, openSql } from "./store/open.js";
import { sharedSetting } from "./store/settings.js";
import { redactUrl } from "./store/sql/postgres.js";
import { listenForRuns, pacedSignals, type RunSignals } from "./cluster/run-signals.js";
import type { Sql } from "./store/sql/types.js";
import { createDeploymentKeyStore, type DeploymentKeyStore } from "./store/deployment-keys.js";
import { deploymentStatsQuery, type DeploymentStatsQuery } from "./store/deployment-stats.js";
import { createDeploymentStore, type DeploymentStore } from "./store/deployments.js";
import { createScheduleStore, type ScheduleStore } from "./store/schedules.js";
import { createDatasetStore, type DatasetStore } from "./store/datasets.js";
import { createEvaluationStore, type EvaluationStore } from "./store/evaluations.js";
import { createFlowStore, type FlowStore } from "./store/flows.js";
import { createRunOwners, type RunOwners } from "./store/owners.js";
import { createSqlEventStore } from "./store/sql-events.js";
import { relayControl } from "./cluster/relay-control.js";
import type { EventStore } from "./store/types.js";
import { loadNotifyConfig, type NotifyConfig } from "./notify/config.js";
import { AnswerLinks, linkSecret } from "./notify/links.js";
import { createMailer } from "./notify/mail.js";
import { startNotifier } from "./notify/notifier.js";
import { Webhooks, type WebhookOptions } from "./notify/webhooks.js";
import { createDeliveryLog, createUsedLinks, type DeliveryLog } from "./store/notify.js";
import { loadToolsConfig } from "./tools/config.js";
import { Scheduler } from "./schedules/scheduler.js";
import { loadTraceConfig, type TraceConfig } from "./tracing/config.js";
import type { ExporterOptions } from "./tracing/exporter.js";
import { startTracing } from "./tracing/tracer.js";
import { toolsFromConfig } from "./tools/from-config.js";
import type { CodePart } from "./tools/toolbox.js";

export interface RuntimeOptions {
  /** The database: a Postgres URL or a data directory; default $TANDEM_DATABASE_URL, else `dataDir`. */
  database?: string;
  /** The data directory when no database is named: default $TANDEM_DATA, else ./.tandem; ":memory:" keeps nothing. */
  dataDir?: string;
  /** The registry, or how to build it (default: from the environment). */
  registry?: ProviderRegistry | RegistryOptions;
  /** Engine settings: timings (tests), ids, clock and judge (replays); who hears when the store stops answering writes. */
  engine?: Pick<EngineDeps, "retry" | "deltaFlushMs" | "newId" | "now" | "judge" | "tools" | "onStoreHealth">;
  /** Where the database's run notices say they stopped and came back (several servers on Postgres). */
  logger?: Logger;
  /** WAL checkpoints on a worker thread (a server's many commits); called if that worker stops. */
  checkpoints?: (error: Error) => void;
  /** Tools given in code (the SDK's); the configured ones come from the tools configuration. */
  codeTools?: CodePart;
  /** Notifications: the configuration (default: $TANDEM_NOTIFY or ./tandem.notify.json), webhook timings (tests), where email addresses come from. */
  notify?: { config?: NotifyConfig; webhooks?: WebhookOptions; people?: Pick<AccountStore, "listUsers">; logger?: Logger };
  /** Traces: the configuration (default: from the OTEL_* and TANDEM_TRACE_* variables), batching timings (tests), where outages are logged. */
  tracing?: { config?: TraceConfig; exporter?: ExporterOptions; logger?: Logger };
}

export interface Runtime {
  sql: Sql;
  /** The SQLite handle, when the database is a data directory. */
  sqlite?: Db;
  /** Which database this is, and where (a Postgres URL without its password). */
  database: { kind: "sqlite" | "postgres"; where: string };
  /** Word that a run has new events, whichever server wrote them (Postgres LISTEN; on SQLite, a pace). */
  signals: RunSignals;
  events: EventStore;
  flows: FlowStore;
  /** Published flow versions others run. */
  deployments: DeploymentStore;
  /** The keys that call deployments, and their figures. */
  deploymentKeys: DeploymentKeyStore;
  deploymentStats: DeploymentStatsQuery;
  /** Deployments' schedules, and what fires them (started by `serve` only, not by one-shot commands). */
  schedules: ScheduleStore;
  scheduler: Scheduler;
  /** Evaluation datasets and the evaluations run on them. */
  datasets: DatasetStore;
  evaluations: EvaluationStore;
  /** People, roles, sessions and tokens. */
  accounts: AccountStore;
  owners: RunOwners;
  registry: ProviderRegistry;
  engine: Engine;
  notify: { config: NotifyConfig; links: AnswerLinks; deliveries: DeliveryLog };
  /** Where people open a run's trace ({traceId} in it), when the operator said. */
  traceUrl?: string;
  /** Lets go of live runs uncancelled (whoever opens the data next goes on with them), then closes the database. */
  close(): Promise<void>;
}

const isRegistry = (r: RuntimeOptions["registry"]): r is ProviderRegistry => typeof (r as ProviderRegistry | undefined)?.resolve === "function";

/** The database could not be opened; the message names where it was set and the URL without its password. */
export class DatabaseOpenError extends Error {
  readonly cliError = true;
}

const LINK_SECRET = "answer-link-secret";

/** Where the data lives, and what set it (for messages). */
function databaseTarget(options: RuntimeOptions): { target: string; setBy: string } {
  if (options.database) return { target: options.database, setBy: "--database" };
  const url = process.env.TANDEM_DATABASE_URL;
  if (url) {
    if (!isPostgresUrl(url)) throw new DatabaseOpenError(`TANDEM_DATABASE_URL must be a postgres:// URL, not "${redactUrl(url)}"`);
    return { target: url, setBy: "TANDEM_DATABASE_URL" };
  }
  return { target: options.dataDir ?? defaultDataDir(), setBy: "the data directory" };
}

async function openDatabase(options: RuntimeOptions) {
  const { target, setBy } = databaseTarget(options);
  try {
    return { target, ...(await openSql(target)) };
  } catch (e) {
    const where = isPostgresUrl(target) ? redactUrl(target) : target;
    const why = (e as Error).message;
    throw new DatabaseOpenError(`${setBy}: cannot open the database${why.includes(where) ? "" : ` at ${where}`}: ${why}`, { cause: e });
  }
}

/** The key that signs answer links: beside the SQLite file, or one row all servers of a Postgres database share. */
async function answerLinkKey(sql: Sql, sqliteDir: string | undefined): Promise<Buffer> {
  if (sqliteDir !== undefined) return linkSecret(sqliteDir);
  const key = Buffer.from(await sharedSetting(sql, LINK_SECRET, () => randomBytes(32).toString("base64")), "base64");
  if (key.length !== 32) throw new Error(`the setting "${LINK_SECRET}" in ${sql.where} is not a link key (32 bytes): remove it to make a new one (links already sent stop working)`);
  return key;
}

export async function openRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  // First: the registry reads the model settings from the environment, and a bad one must stop
  // the start before anything is written.
  const registry = isRegistry(options.registry) ? options.registry : createRegistry(options.registry);
  // So do the tools configuration's ($TANDEM_TOOLS, or ./tandem.tools.json): a mistake names its field.
  const tools = options.engine?.tools ?? toolsFromConfig(loadToolsConfig(), options.codeTools);
  const notifyConfig = options.notify?.config ?? loadNotifyConfig();
  const traceConfig = options.tracing?.config ?? loadTraceConfig();
  const { target, sql, sqlite } = await openDatabase(options);
  const stopCheckpoints = sqlite && options.checkpoints ? checkpointInBackground(sqlite, options.checkpoints) : async () => {};
  const secret = await answerLinkKey(sql, sqlite ? target : undefined).catch(async (e: unknown) => {
    await sql.close();
    throw e;
  });
  const owners = createRunOwners(sql);
  const events = createSqlEventStore(sql, { writer: owners.id });
  // Notices come once the engine exists (the channel connects later): a copy another server overtook lets go; a control sent on is applied here if this server drives the run.
  const signals = sqlite
    ? pacedSignals()
    : listenForRuns(target, {
        logger: options.logger,
        onNotice: (runId, seq) => engine.noticed(runId, seq),
        onControl: (runId, action) => {
          if (engine.get(runId)) engine.control(runId, action).catch(() => {});
        },
      });
  const engine = new Engine({ store: events, registry, owners, ...(sqlite ? {} : { relayControl: relayControl(sql, signals, events) }), ...options.engine, tools });
  const accounts = createAccountStore(sql);
  const notify = {
    config: notifyConfig,
    deliveries: createDeliveryLog(sql),
    links: new AnswerLinks({
      secret,
      engine,
      used: createUsedLinks(sql),
      ttlHours: notifyConfig.linkTtlHours,
    }),
  };
  const webhooks = new Webhooks(notifyConfig, notify.deliveries, { logger: options.notify?.logger, ...options.notify?.webhooks });
  const mailer = notifyConfig.smtp && createMailer(notifyConfig.smtp, notifyConfig.env);
  const stopNotifier = startNotifier(engine, { ...notify, webhooks, mailer: mailer || undefined, people: options.notify?.people ?? accounts, logger: options.notify?.logger });
  const tracing = traceConfig.export && startTracing(engine, events, traceConfig.export, options.tracing?.logger, options.tracing?.exporter);
  const flows = createFlowStore(sql);
  const deployments = createDeploymentStore(sql);
  const schedules = createScheduleStore(sql);
  const scheduler = new Scheduler({
    owners,
    schedules,
    deployments,
    startRun: (d, input, how) => startDeploymentRun({ engine, flows }, d, input, how),
  });
  const stopCallbacks = startCallbacks(engine, { deployments, webhooks });
  let closing: Promise<void> | undefined;
  return {
    sql,
    ...(sqlite ? { sqlite } : {}),
    database: { kind: sql.dialect, where: sql.where },
    signals,
    events,
    flows,
    deployments,
    deploymentKeys: createDeploymentKeyStore(sql),
    deploymentStats: deploymentStatsQuery(sql),
    schedules,
    scheduler,
    datasets: createDatasetStore(sql),
    evaluations: createEvaluationStore(sql, { owner: owners }),
    accounts,
    owners,
    registry,
    engine,
    notify,
    ...(traceConfig.traceUrl ? { traceUrl: traceConfig.traceUrl } : {}),
    close: () =>
      (closing ??= (async () => {
        await scheduler.stop();
        await signals.close();
        stopNotifier();
        stopCallbacks();
        // Lets go of live runs and this process's claims.
        await engine.detach();
        await webhooks.close();
        if (tracing) await tracing.close();
        if (mailer) mailer.close();
        // MCP servers this process started stop with it.
        await tools.close();
        await stopCheckpoints();
        await sql.close();
      })()),
  };
}
