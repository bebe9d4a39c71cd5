// The toolbar's Run: runs what is typed in the run panel, or opens it to type the input.
import { RUN_KEYS } from "../run-view/labels.js";
import { StartIcon } from "../ui/icons.js";
import { runOrAsk } from "./runCommands.js";

export function RunButton() {
  return (
    <button type="button" className="btn run-button" onClick={runOrAsk} title={`Run the flow (${RUN_KEYS.run})`}>
      <StartIcon /> Run
    </button>
  );
}
