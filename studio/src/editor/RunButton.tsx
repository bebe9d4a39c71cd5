// The toolbar's Run: runs what is typed in the run panel, or opens it to type the input.
import { useWhyNot } from "../auth/permissions.js";
import { RUN_KEYS } from "../run-view/labels.js";
import { StartIcon } from "../ui/icons.js";
import { runOrAsk } from "./runCommands.js";

export function RunButton() {
  const refused = useWhyNot("runs.start");
  return (
    <button type="button" className="btn run-button" onClick={runOrAsk} disabled={!!refused} title={refused ?? `Run the flow (${RUN_KEYS.run})`}>
      <StartIcon /> Run
    </button>
  );
}
