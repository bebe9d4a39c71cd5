// Rules between participants, turned into the same flow JSON the studio draws.
// "user" is the requester: a rule from "user" leaves the start node, a rule to "user"
// (or "end") ends the run. Rules from one participant are tried in the order given;
// a rule without `when` after a conditional one reads as "otherwise".
import { z } from "zod";
import { FLOW_SCHEMA_VERSION, type EdgeCondition, type FieldOp, type Flow, type FlowEdge, type FlowNode, type Outcome } from "@tandem/shared";
import { checkFlowDocument, type CheckedFlow } from "../engine/checked-flow.js";
import type { CodeTools } from "../tools/code.js";
import type { Agent, HumanAgent, OutcomeOption } from "./agents.js";
import { codeToolsOf, toolUses } from "./tool-uses.js";

export type RuleCondition =
  | { outcome: string }
  | { field: string; op?: FieldOp; value: string | number | boolean | null }
  | { contains: string }
  | { regex: string };

export interface Rule {
  from: string;
  to: string;
  when?: RuleCondition;
}

export interface OrchestratorOptions {
  agents: (Agent | HumanAgent)[];
  rules: Rule[];
  name?: string;
  maxSteps?: number;
}

const START = "user";
const END = "end";

function condition(when: RuleCondition): EdgeCondition {
  if ("contains" in when) return { kind: "contains", value: when.contains };
  if ("regex" in when) return { kind: "regex", value: when.regex };
  if ("field" in when) return { kind: "field", path: when.field, op: when.op ?? "==", value: when.value };
  return { kind: "outcome", value: when.outcome };
}

function outcomes(list: OutcomeOption[] | undefined): Outcome[] {
  return (list ?? []).map((o) => (typeof o === "string" ? { name: o, description: "" } : { name: o.name, description: o.description ?? "" }));
}

/** A zod schema as the JSON Schema an output schema is (without the $schema marker). */
function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...json } = z.toJSONSchema(schema) as Record<string, unknown>;
  return json;
}

/** The options that are set: a flow written as JSON leaves the others out, and so does the code. */
function setOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export class Orchestrator {
  constructor(readonly options: OrchestratorOptions) {}

  /** The code tools the agents may call: a conversation's process registers them to run them. */
  codeTools(): CodeTools {
    return codeToolsOf(this.options.agents);
  }

  toFlow(): CheckedFlow {
    const { agents, rules } = this.options;
    codeToolsOf(agents); // two different tools of one name would leave a "code:" ref ambiguous
    const names = new Set(agents.map((a) => a.name));
    for (const reserved of [START, END]) {
      if (names.has(reserved)) throw new Error(`"${reserved}" is reserved; give the participant another name`);
    }
    const nodeId = (name: string, side: "from" | "to") => {
      if (name === START) return side === "from" ? START : END;
      if (name === END && side === "to") return END;
      if (!names.has(name)) throw new Error(`rule ${side} "${name}": no agent has that name`);
      return name;
    };
    const nodes: FlowNode[] = [{ id: START, type: "start", position: { x: 0, y: 0 }, data: { name: START } }];
    agents.forEach((a, i) => {
      const position = { x: 260 * (i + 1), y: a.kind === "human" ? 140 : 0 };
      if (a.kind === "agent") {
        const o = a.options;
        nodes.push({
          id: o.name,
          type: "agent",
          position,
          data: {
            name: o.name,
            model: o.llm,
            systemMessage: o.systemMessage ?? "",
            ...setOnly({
              temperature: o.temperature,
              maxTokens: o.maxTokens,
              maxVisits: o.maxVisits,
              script: o.script,
              connectTimeoutSeconds: o.connectTimeoutSeconds,
              firstTokenTimeoutSeconds: o.firstTokenTimeoutSeconds,
              betweenTokensTimeoutSeconds: o.betweenTokensTimeoutSeconds,
              outcomes: o.outcomes && outcomes(o.outcomes),
              outputSchema: o.output && jsonSchemaOf(o.output),
              tools: o.tools && toolUses(o.tools),
              maxToolCalls: o.maxToolCalls,
            }),
          },
        });
      } else {
        const o = a.options;
        nodes.push({
          id: o.name,
          type: "human",
          position,
          data: {
            name: o.name,
            instructions: o.systemMessage ?? "",
            outcomes: outcomes(o.outcomes),
            allowText: o.allowText ?? true,
            allowEdit: o.allowEdit ?? false,
            ...setOnly({
              timeoutSeconds: o.timeoutSeconds,
              defaultOutcome: o.defaultOutcome,
              maxVisits: o.maxVisits,
              readingWindowSeconds: o.readingWindowSeconds,
              confirmReadings: o.confirmReadings,
              judgeModel: o.judgeModel,
            }),
            // As the studio draws it: both lists, either may be empty.
            ...(o.role || o.users?.length ? { assignees: { users: o.users ?? [], roles: o.role ? [o.role] : [] } } : {}),
          },
        });
      }
    });
    nodes.push({ id: END, type: "end", position: { x: 260 * (agents.length + 1), y: 280 }, data: { name: END } });

    const conditional = new Set<string>();
    const edges: FlowEdge[] = rules.map((rule, i) => {
      const source = nodeId(rule.from, "from");
      const target = nodeId(rule.to, "to");
      let when: EdgeCondition | undefined;
      if (rule.when) {
        when = condition(rule.when);
        conditional.add(source);
      } else if (conditional.has(source)) when = { kind: "otherwise" };
      return { id: `e${i + 1}`, source, target, data: when ? { when } : {} };
    });
    return checkFlowDocument({
      schemaVersion: FLOW_SCHEMA_VERSION,
      name: this.options.name ?? "Conversation",
      maxSteps: this.options.maxSteps ?? 100,
      nodes,
      edges,
    });
  }
}
