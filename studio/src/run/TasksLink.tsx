// A link to the tasks page with how many runs wait for a person now (asked every 10 s).
import { useEffect, useState } from "react";
import { runsApi } from "../api/runs.js";
import { paths } from "../router.js";
import { PersonIcon } from "../ui/icons.js";

const POLL_MS = 10_000;

export function TasksLink() {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    const ask = () =>
      runsApi.tasks(1).then(
        (r) => live && setCount(r.total),
        () => undefined,
      );
    void ask();
    const timer = setInterval(ask, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  return (
    <a className="btn btn-ghost" href={`#${paths.tasks()}`} aria-label={count ? `Tasks: ${count} waiting for a person` : "Tasks"}>
      <PersonIcon /> Tasks
      {count > 0 && <span className="count-badge">{count}</span>}
    </a>
  );
}
