// The models the server offers (GET /api/models), asked once per page load.
import type { ModelList } from "@tandem/shared";
import { useEffect, useState } from "react";
import { api } from "./client.js";

let request: Promise<ModelList> | null = null;

export function useModels(): ModelList | null {
  const [models, setModels] = useState<ModelList | null>(null);
  useEffect(() => {
    let live = true;
    request ??= api.models().catch(() => {
      request = null;
      return { offline: true, models: [], providers: [], pricesAsOf: "" };
    });
    void request.then((m) => live && setModels(m));
    return () => {
      live = false;
    };
  }, []);
  return models;
}
