// Personal API tokens (#/account): for programs and the terminal, each acting as the person who
// made it. A new token is shown once, to copy; the list shows only its first characters.
import type { TokenCreated, TokenInfo } from "@tandem/shared";
import { useCallback, useEffect, useState } from "react";
import { accountsApi } from "../api/accounts.js";
import { confirm } from "../ui/confirm.js";
import { ShownOnce } from "../ui/ShownOnce.js";
import { SecretTable } from "../ui/SecretTable.js";
import { toast } from "../ui/toast.js";
import { AccountPage } from "./AccountPage.js";
import { checkTokenName } from "./forms.js";
import { useMe } from "./me.js";
import { NewSecretForm } from "./NewSecretForm.js";

export function TokensPage() {
  const me = useMe();
  const [tokens, setTokens] = useState<TokenInfo[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [made, setMade] = useState<TokenCreated | null>(null);

  const load = useCallback(async () => {
    try {
      setTokens(await accountsApi.tokens());
      setFailure(null);
    } catch (e) {
      setFailure((e as Error).message);
    }
  }, []);
  useEffect(() => {
    if (me?.user) void load();
  }, [load, me?.user]);

  const revoke = async (token: TokenInfo) => {
    const ok = await confirm({
      title: `Revoke "${token.name}"?`,
      message: "Programs and terminals that use this token are refused from now on. This cannot be undone.",
      confirmLabel: "Revoke token",
      danger: true,
    });
    if (!ok) return;
    try {
      await accountsApi.revokeToken(token.id);
      toast("info", `Revoked "${token.name}"`);
      if (made?.info.id === token.id) setMade(null);
    } catch (e) {
      toast("error", `Revoking failed: ${(e as Error).message}`);
    }
    await load();
  };

  return (
    <AccountPage title="API tokens" description="Personal tokens for programs and the terminal (tandem login makes one). A token acts as you.">
      {!me?.user ? (
        <p className="empty">This server has no accounts, so no token is needed: programs on this machine reach it as they are.</p>
      ) : (
        <>
          <NewSecretForm
            noun="token"
            placeholder="terminal on my laptop"
            className="account-form account-inline-form"
            check={checkTokenName}
            make={async (name) => {
              setMade(await accountsApi.createToken(name));
              void load();
            }}
          />
          {made && <ShownOnce title={`Token "${made.info.name}" is ready`} noun="token" secret={made.token} onDone={() => setMade(null)} />}
          <section aria-labelledby="tokens-title">
            <h2 id="tokens-title" className="section-title">
              Your tokens
            </h2>
            {failure && (
              <div className="alert alert-error" role="alert">
                <div className="alert-body">Could not load the tokens: {failure}</div>
              </div>
            )}
            {tokens === null && !failure && <p className="muted" aria-busy="true">Loading…</p>}
            {tokens?.length === 0 && <p className="empty">No tokens yet.</p>}
            {tokens && tokens.length > 0 && (
              <SecretTable labelledBy="tokens-title" secrets={tokens} onRevoke={(t) => void revoke(t)} />
            )}
          </section>
        </>
      )}
    </AccountPage>
  );
}
