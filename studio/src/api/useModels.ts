// The models the server offers (GET /api/models), asked once per page load.
import type { ModelInfo } from "@tandem/shared";
import { useEffect, useState } from "react";
import { api } from "./client.js";

type Models = { offline: boolean; models: ModelInfo[] };
let request: Promise<Models> | null = null;

export function useModels(): Models | null {
  const [models, setModels] = useState<Models | null>(null);
  useEffect(() => {
    let live = true;
    request ??= api.models().catch(() => {
      request = null;
      return { offline: true, models: [] };
    });
    void request.then((m) => live && setModels(m));
    return () => {
      live = false;
    };
  }, []);
  return models;
}
