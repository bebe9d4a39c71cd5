// The AnswerError a call throws (a refused answer or decision), for asserting its code and field.
import { AnswerError } from "../../src/engine/errors.js";

export function answerError(fn: () => unknown): AnswerError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AnswerError) return e;
    throw e;
  }
  throw new Error("expected an AnswerError");
}
