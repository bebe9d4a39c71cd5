// Who may be named in a flow (GET /api/people, GET /api/roles), asked once and shared by every
// field that offers them, and taking on a task (claim, release). Where the server has no accounts
// the lists are empty or missing and people are typed by hand.
import type { RoleInfo, UserInfo } from "@tandem/shared";
import { useEffect, useState } from "react";
import { request } from "./client.js";

export interface Directory {
  people: Pick<UserInfo, "username" | "name" | "roles">[];
  roles: Pick<RoleInfo, "name" | "description">[];
}

const NOBODY: Directory = { people: [], roles: [] };
let asked: Promise<Directory> | null = null;

/** Either list may be refused (open mode, no permission): what is had is offered, typing does the rest. */
function ask(): Promise<Directory> {
  asked ??= Promise.all([
    request<{ people: Directory["people"] }>("GET", "/people").then((r) => r.people, () => []),
    request<{ roles: Directory["roles"] }>("GET", "/roles").then((r) => r.roles, () => []),
  ]).then(([people, roles]) => ({ people: people ?? [], roles: roles ?? [] }));
  return asked;
}

/** The people and roles this server knows; empty until (and unless) it answers. */
export function useDirectory(): Directory {
  const [directory, setDirectory] = useState<Directory>(NOBODY);
  useEffect(() => {
    let live = true;
    void ask().then((d) => live && setDirectory(d));
    return () => {
      live = false;
    };
  }, []);
  return directory;
}

/** Takes on a request so others see it is taken, or lets it go (`release`); `by` names who, where the server has no accounts. */
export const claimTask = (runId: string, requestId: string, release: boolean, by: string) =>
  request<unknown>("POST", `/runs/${encodeURIComponent(runId)}/requests/${encodeURIComponent(requestId)}/claim`, {
    ...(release && { release }),
    ...(by && { by }),
  });
