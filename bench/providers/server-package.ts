// The packages a provider's benchmark reads with are the server's dependencies (bench/ has none of
// its own): load one as the server resolves it, so the bare loop runs the same SDK Tandem does.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const fromServer = createRequire(new URL("../../server/package.json", import.meta.url));

export function serverPackage<T>(name: string): Promise<T> {
  return import(pathToFileURL(fromServer.resolve(name)).href) as Promise<T>;
}
