// Who is using the studio: the server's GET /api/auth/me, asked once at start and again after
// signing in or out, or when a request finds the session gone (401).
import type { Me, Permission } from "@tandem/shared";
import { PERMISSIONS } from "@tandem/shared";
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";
import { accountsApi } from "../api/accounts.js";
import { setCsrfToken, whenUnauthenticated } from "../api/client.js";

/** A server that does not know accounts (or cannot say) is used as it always was: open, no setup. */
const OPEN: Me = { mode: "open", setupNeeded: false, user: null, permissions: [...PERMISSIONS] };

const store = createStore<{ me: Me | null }>()(() => ({ me: null }));

/** Asks the server who this is; the answer replaces what the studio knew. */
export async function refreshMe(): Promise<Me> {
  return adoptMe(await accountsApi.me().catch(() => OPEN));
}

/** Takes `me` as who this is now: what signing in or setup answered. */
export function adoptMe(me: Me): Me {
  setCsrfToken(me.csrfToken);
  store.setState({ me });
  return me;
}

whenUnauthenticated(() => void refreshMe());

/** The caller as last known; null until the first answer. */
export function useMe(): Me | null {
  return useStore(store, (s) => s.me);
}

export function currentMe(): Me | null {
  return store.getState().me;
}

/** Whether the studio must show sign-in instead of a page. */
export const needsSignIn = (me: Me) => me.mode === "accounts" && !me.user;

export const can = (me: Me | null, permission: Permission) => !!me?.permissions.includes(permission);
