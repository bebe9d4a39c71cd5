// One real server for the whole run; tests read its URL from TANDEM_URL. The returned function
// is Playwright's teardown: it stops the server by PID and removes its data directory.
import { startServer } from "./support/server.js";

export default async function globalSetup() {
  const server = await startServer();
  process.env.TANDEM_URL = server.url;
  return () => server.stop();
}
