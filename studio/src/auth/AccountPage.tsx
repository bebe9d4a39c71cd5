// The frame of the account pages (#/account, #/people): their header, with the way back and the
// account menu, and what they show when the person may not see them.
import type { Permission } from "@tandem/shared";
import type { ReactNode } from "react";
import { paths } from "../router.js";
import { PageHeader } from "../ui/PageHeader.js";
import { AccountMenu } from "./AccountMenu.js";
import { useMe } from "./me.js";
import { whyNot } from "./permissions.js";

interface Props {
  title: string;
  description: string;
  /** What the page needs; without it the page says why instead of showing. */
  needs?: Permission;
  children: ReactNode;
}

export function AccountPage({ title, description, needs, children }: Props) {
  const me = useMe();
  const refused = needs ? whyNot(me, needs) : null;
  return (
    <div className="flows-page account-page">
      <PageHeader title={title} description={description}>
        <a className="btn btn-ghost" href={`#${paths.flows()}`}>
          Flows
        </a>
        <AccountMenu />
      </PageHeader>
      <main className="account-main">
        {refused ? (
          <p className="empty" role="alert">
            {refused}
          </p>
        ) : (
          children
        )}
      </main>
    </div>
  );
}
