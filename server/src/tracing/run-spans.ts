// One run's spans, built from its events in order: a span opens at the event that starts a
// thing (the run, a node visit, a model call, a tool call, a wait for a person) and ends at the
// event that closes it. Ids come from the run id and a key (shared/trace-ids.ts), so spans
// rebuilt from the log after a restart are the spans the last process opened.
import {
  callMessages,
  nodeById,
  parseModelRef,
  SPAN_KEY,
  spanIdOf,
  traceIdOf,
  type ChatMessage,
  type EventOf,
  type Flow,
  type RunEvent,
  type RunState,
} from "@tandem/shared";
import type { Attributes, Span } from "./span.js";

type Open = Omit<Span, "endMs">;
type Status = Span["status"];

/** gen_ai.provider.name per Tandem provider (OpenTelemetry's GenAI names where it has one). */
const PROVIDER_NAME: Record<string, string> = {
  openai: "openai",
  anthropic: "anthropic",
  gemini: "gcp.gemini",
  ollama: "ollama",
  scripted: "tandem.scripted",
};

export class RunSpans {
  private readonly traceId: string;
  private readonly open = new Map<string, Open>();
  private flow: Flow | undefined;
  /** When the run's own trace starts: a fork's spans start no earlier than the fork. */
  private startMs = 0;
  private visit: { key: string; nodeId: string; visit: number } | undefined;
  private ended: Span[] = [];

  constructor(
    private readonly runId: string,
    /** Message contents go in spans. */
    private readonly content: boolean,
  ) {
    this.traceId = traceIdOf(runId);
  }

  /** Takes the run's next event; returns the spans it ended. */
  feed(e: RunEvent, state: Pick<RunState, "flow" | "messages" | "costUsd">): Span[] {
    this.ended = [];
    this.apply(e, state);
    return this.ended;
  }

  private apply(e: RunEvent, state: Pick<RunState, "flow" | "messages" | "costUsd">): void {
    switch (e.type) {
      case "run.started":
        return this.started(e);
      case "node.started":
        return this.nodeStarted(e);
      case "route.taken":
        if (this.visit?.nodeId === e.from) this.endVisit(e.at, { ok: true }, { "tandem.route.to": e.to });
        return;
      case "llm.request":
        return this.modelRequest(e, state);
      case "llm.retry":
        this.open.get(SPAN_KEY.model(e.callId))?.events.push({
          name: "retry",
          atMs: e.at,
          attributes: { "tandem.retry.attempt": e.attempt, "tandem.retry.delay_ms": e.delayMs, "tandem.retry.error": e.error },
        });
        return;
      case "llm.response":
        return this.modelResponse(e);
      case "tool.requested":
        this.begin(SPAN_KEY.tool(e.callId), this.visitOf(e.nodeId), `execute_tool ${e.tool}`, e.at, {
          "gen_ai.operation.name": "execute_tool",
          "gen_ai.tool.name": e.tool,
          "gen_ai.tool.call.id": e.callId,
          "tandem.tool.ref": e.ref,
          "tandem.tool.approval": e.approval,
          ...(this.content ? { "gen_ai.tool.call.arguments": JSON.stringify(e.arguments) } : {}),
        });
        return;
      case "tool.approval.requested":
        this.begin(SPAN_KEY.approval(e.requestId), SPAN_KEY.tool(e.callId), "approval", e.at, { "tandem.request.id": e.requestId, "tandem.approval.reason": e.reason });
        return;
      case "tool.approved":
        this.end(SPAN_KEY.approval(e.requestId), e.at, { ok: true }, { "tandem.approval.decision": "approved", "tandem.answered_by": e.by, "tandem.approval.arguments_changed": e.arguments !== undefined });
        return;
      case "tool.rejected":
        this.end(SPAN_KEY.approval(e.requestId), e.at, { ok: true }, { "tandem.approval.decision": "rejected", "tandem.answered_by": e.by, ...(this.content && e.reason ? { "tandem.approval.reason_given": e.reason } : {}) });
        this.end(SPAN_KEY.tool(e.callId), e.at, { ok: true }, { "tandem.tool.outcome": "rejected" });
        return;
      case "tool.started":
        this.set(SPAN_KEY.tool(e.callId), { "tandem.tool.attempt": e.attempt });
        return;
      case "tool.result":
        this.end(SPAN_KEY.tool(e.callId), e.at, e.isError ? { ok: false, message: "the tool answered with an error" } : { ok: true }, {
          "tandem.tool.outcome": e.isError ? "error" : "result",
          ...(this.content ? { "gen_ai.tool.call.result": e.content } : {}),
        });
        return;
      case "tool.failed":
        this.end(SPAN_KEY.tool(e.callId), e.at, { ok: false, message: `${e.code}: ${e.error}` }, { "tandem.tool.outcome": "failed", "error.type": e.code });
        return;
      case "human.requested":
        this.begin(SPAN_KEY.human(e.requestId), this.visitOf(e.nodeId), `human wait ${this.nodeName(e.nodeId)}`, e.at, {
          "tandem.node.id": e.nodeId,
          "tandem.request.id": e.requestId,
          ...(e.problem ? { "tandem.human.problem": e.problem.kind } : {}),
        });
        return;
      case "human.responded":
        this.end(SPAN_KEY.human(e.requestId), e.at, { ok: true }, { "tandem.answered_by": e.by, "tandem.human.outcome": e.outcome ?? (e.edit !== undefined ? "edit" : "text") });
        return;
      case "human.timed_out":
        this.end(SPAN_KEY.human(e.requestId), e.at, { ok: true }, { "tandem.human.outcome": e.outcome, "tandem.human.timed_out": true });
        return;
      case "budget.reached":
        this.begin(SPAN_KEY.budget(e.requestId), this.visitOf(e.nodeId), "budget wait", e.at, {
          "tandem.request.id": e.requestId,
          "tandem.budget.spent_usd": { double: e.spentUsd },
          "tandem.budget.budget_usd": { double: e.budgetUsd },
        });
        return;
      case "budget.decided":
        this.end(SPAN_KEY.budget(e.requestId), e.at, { ok: true }, { "tandem.budget.decision": e.decision, "tandem.answered_by": e.by });
        return;
      case "run.finished":
        return this.finished(e, state.costUsd);
      default:
        return;
    }
  }

  private started(e: EventOf<"run.started">): void {
    this.flow = e.flow;
    this.startMs = e.parent?.forkedAt ?? e.at;
    const root = this.begin(SPAN_KEY.run(), undefined, `run ${e.flow.name}`, e.at, {
      "tandem.run.id": this.runId,
      "tandem.flow.name": e.flow.name,
      ...(e.flowId ? { "tandem.flow.id": e.flowId } : {}),
      ...(e.flowVersion !== undefined ? { "tandem.flow.version": e.flowVersion } : {}),
      ...(e.deployment ? { "tandem.deployment": e.deployment.name, "tandem.deployment.via": e.deployment.via } : {}),
      ...(e.parent ? { "tandem.run.parent_id": e.parent.runId, "tandem.run.parent_seq": e.parent.seq } : {}),
    });
    // A fork is its own trace, linked to the run it was forked from.
    if (e.parent) root.links.push({ traceId: traceIdOf(e.parent.runId), spanId: spanIdOf(e.parent.runId, SPAN_KEY.run()), attributes: { "tandem.link": "forked_from" } });
  }

  private nodeStarted(e: EventOf<"node.started">): void {
    // Another attempt of the same visit: the last one failed.
    const again = this.visit?.nodeId === e.nodeId && this.visit.visit === e.visit;
    if (this.visit) this.endVisit(e.at, again ? { ok: false, message: "attempted again" } : undefined);
    const node = this.flow && nodeById(this.flow, e.nodeId);
    const name = node?.data.name ?? e.nodeId;
    const key = SPAN_KEY.visit(e.nodeId, e.visit, e.attempt);
    const ids = { "tandem.node.id": e.nodeId, "tandem.node.visit": e.visit, "tandem.node.attempt": e.attempt };
    if (node?.type === "agent") {
      this.begin(key, SPAN_KEY.run(), `invoke_agent ${name}`, e.at, { "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": name, ...ids });
    } else {
      this.begin(key, SPAN_KEY.run(), `${node?.type === "human" ? "human" : "node"} ${name}`, e.at, ids);
    }
    this.visit = { key, nodeId: e.nodeId, visit: e.visit };
  }

  private modelRequest(e: EventOf<"llm.request">, state: Pick<RunState, "flow" | "messages">): void {
    const ref = parseModelRef(e.model);
    const model = ref?.model ?? e.model;
    const node = this.flow && nodeById(this.flow, e.nodeId);
    const maxTokens = node?.type === "agent" ? node.data.maxTokens : undefined;
    const attributes: Attributes = {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": (ref && PROVIDER_NAME[ref.provider]) ?? ref?.provider ?? "unknown",
      "gen_ai.request.model": model,
      ...(e.params.temperature !== undefined ? { "gen_ai.request.temperature": { double: e.params.temperature } } : {}),
      ...(maxTokens !== undefined ? { "gen_ai.request.max_tokens": maxTokens } : {}),
      "tandem.call.id": e.callId,
      ...(e.retryOf ? { "tandem.schema_retry": true } : {}),
    };
    if (this.content) {
      const [system, ...messages] = splitSystem(callMessages(state, e));
      if (system) attributes["gen_ai.system_instructions"] = JSON.stringify([{ type: "text", content: system.content }]);
      attributes["gen_ai.input.messages"] = JSON.stringify(messages.map(otelMessage));
    }
    this.begin(SPAN_KEY.model(e.callId), this.visitOf(e.nodeId), `chat ${model}`, e.at, attributes, "client");
  }

  private modelResponse(e: EventOf<"llm.response">): void {
    const finish = e.stopReason ?? (e.toolCalls?.length ? "tool_calls" : "stop");
    this.end(SPAN_KEY.model(e.callId), e.at, { ok: true }, {
      "gen_ai.response.finish_reasons": [finish],
      ...(e.usage
        ? {
            "gen_ai.usage.input_tokens": e.usage.promptTokens,
            "gen_ai.usage.output_tokens": e.usage.completionTokens,
            ...(e.usage.cachedPromptTokens !== undefined ? { "gen_ai.usage.cache_read.input_tokens": e.usage.cachedPromptTokens } : {}),
          }
        : {}),
      ...(e.costUsd !== undefined ? { "tandem.cost_usd": { double: e.costUsd } } : {}),
      "tandem.retries": e.retries,
      "tandem.latency_ms": e.latencyMs,
      ...(this.content
        ? {
            "gen_ai.output.messages": JSON.stringify([
              {
                role: "assistant",
                parts: [...(e.content ? [{ type: "text", content: e.content }] : []), ...(e.toolCalls ?? []).map((c) => ({ type: "tool_call", id: c.id, name: c.name, arguments: c.arguments }))],
                finish_reason: finish,
              },
            ]),
          }
        : {}),
    });
  }

  private finished(e: EventOf<"run.finished">, costUsd: number): void {
    const failed: Status = e.status === "failed" ? { ok: false, message: e.error ? `${e.error.code}: ${e.error.message}` : "the run failed" } : undefined;
    // Whatever is still open ends with the run (the root last, so it ends after its children).
    for (const key of [...this.open.keys()].reverse()) {
      if (key !== SPAN_KEY.run()) this.end(key, e.at, failed);
    }
    this.end(SPAN_KEY.run(), e.at, e.status === "completed" ? { ok: true } : failed, { "tandem.run.status": e.status, "tandem.cost_usd": { double: costUsd } });
    this.visit = undefined;
  }

  /** The visit's span ends, and anything in it still open (a call given up on when the node failed). */
  private endVisit(at: number, status: Status, attributes: Attributes = {}): void {
    const visit = this.visit!;
    this.visit = undefined;
    const id = spanIdOf(this.runId, visit.key);
    for (const [key, span] of [...this.open].reverse()) {
      if (span.parentSpanId === id) this.endWithChildren(key, at);
    }
    this.end(visit.key, at, status, attributes);
  }

  private endWithChildren(key: string, at: number): void {
    const id = spanIdOf(this.runId, key);
    for (const [child, span] of [...this.open]) {
      if (span.parentSpanId === id) this.end(child, at, undefined);
    }
    this.end(key, at, undefined);
  }

  /** The span a node's work belongs to: its visit when it is the one going on, else the run. */
  private visitOf(nodeId: string): string {
    return this.visit?.nodeId === nodeId ? this.visit.key : SPAN_KEY.run();
  }

  private nodeName(nodeId: string): string {
    return (this.flow && nodeById(this.flow, nodeId)?.data.name) ?? nodeId;
  }

  private begin(key: string, parentKey: string | undefined, name: string, at: number, attributes: Attributes, kind: Span["kind"] = "internal"): Open {
    const span: Open = {
      traceId: this.traceId,
      spanId: spanIdOf(this.runId, key),
      ...(parentKey ? { parentSpanId: spanIdOf(this.runId, parentKey) } : {}),
      name,
      kind,
      startMs: Math.max(at, this.startMs),
      attributes,
      events: [],
      links: [],
    };
    this.open.set(key, span);
    return span;
  }

  private set(key: string, attributes: Attributes): void {
    const span = this.open.get(key);
    if (span) Object.assign(span.attributes, attributes);
  }

  private end(key: string, at: number, status: Status, attributes: Attributes = {}): void {
    const span = this.open.get(key);
    if (!span) return;
    this.open.delete(key);
    this.ended.push({ ...span, attributes: { ...span.attributes, ...attributes }, endMs: Math.max(at, span.startMs), ...(status ? { status } : {}) });
  }
}

function splitSystem(messages: ChatMessage[]): [ChatMessage | undefined, ...ChatMessage[]] {
  return messages[0]?.role === "system" ? [messages[0], ...messages.slice(1)] : [undefined, ...messages];
}

/** A chat message in OpenTelemetry's GenAI message shape (role and typed parts). */
function otelMessage(m: ChatMessage) {
  if (m.role === "tool") return { role: "tool", parts: [{ type: "tool_call_response", id: m.tool_call_id, response: m.content }] };
  const parts: object[] = m.content ? [{ type: "text", content: m.content }] : [];
  if ("tool_calls" in m) for (const c of m.tool_calls) parts.push({ type: "tool_call", id: c.id, name: c.function.name, arguments: c.function.arguments });
  return { role: m.role, ...(m.name ? { name: m.name } : {}), parts };
}
