// The saved flows, for a list filter's flow picker (none if they cannot be loaded: the filter is optional).
import type { FlowSummary } from "@tandem/shared";
import { useEffect, useState } from "react";
import { api } from "./client.js";

export function useFlowList(): FlowSummary[] {
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  useEffect(() => {
    api.listFlows().then(setFlows, () => setFlows([]));
  }, []);
  return flows;
}
