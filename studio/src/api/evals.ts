// The evaluations API (/api/datasets, /api/evaluations): datasets of cases, evaluations of a flow
// version against one, and two evaluations compared case by case.
import type { CreateDatasetRequest, Dataset, DatasetSummary, Evaluation, EvaluationComparison, EvaluationRequest, EvaluationSummary } from "@tandem/shared";
import { request } from "./client.js";

const at = (id: string) => encodeURIComponent(id);

export const evalsApi = {
  datasets: async () => (await request<{ datasets: DatasetSummary[] }>("GET", "/datasets")).datasets,
  dataset: (id: string) => request<Dataset>("GET", `/datasets/${at(id)}`),
  createDataset: (body: CreateDatasetRequest) => request<Dataset>("POST", "/datasets", body),
  deleteDataset: (id: string) => request<void>("DELETE", `/datasets/${at(id)}`),
  /** Starts an evaluation; it finishes in the background (status "running" until then). */
  start: (body: EvaluationRequest) => request<EvaluationSummary>("POST", "/evaluations", body),
  evaluations: async (datasetId: string) =>
    (await request<{ evaluations: EvaluationSummary[] }>("GET", `/evaluations?${new URLSearchParams({ datasetId })}`)).evaluations,
  evaluation: (id: string) => request<Evaluation>("GET", `/evaluations/${at(id)}`),
  compare: (a: string, b: string) => request<EvaluationComparison>("GET", `/evaluations/compare?${new URLSearchParams({ a, b })}`),
};
