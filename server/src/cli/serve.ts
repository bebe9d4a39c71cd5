import { startServer } from "../http/serve.js";
import { dataDir } from "../store/db.js";
import { intFlag, parse } from "./args.js";

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { port: { type: "string" }, host: { type: "string" } });
  const port = intFlag("port", values.port ?? process.env.PORT, 8787);
  const host = values.host ?? process.env.TANDEM_HOST ?? "127.0.0.1";
  const server = await startServer({
    port,
    host,
    dataDir: dataDir(),
    token: process.env.TANDEM_TOKEN || undefined,
    // Where the built studio is, when it is not this repository's studio/dist.
    studioDir: process.env.TANDEM_STUDIO_DIR || undefined,
  });
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return new Promise<number>(() => {}); // serves until a signal
}
