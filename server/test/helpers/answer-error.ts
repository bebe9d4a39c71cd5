// The AnswerError a call throws or rejects with (a refused answer or decision), for asserting its code and field.
import { AnswerError } from "../../src/engine/errors.js";

const asAnswerError = (e: unknown): AnswerError => {
  if (e instanceof AnswerError) return e;
  throw e;
};
const expected = () => new Error("expected an AnswerError");

export function answerError(fn: () => Promise<unknown>): Promise<AnswerError>;
export function answerError(fn: () => unknown): AnswerError;
export function answerError(fn: () => unknown): AnswerError | Promise<AnswerError> {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    return asAnswerError(e);
  }
  if (result instanceof Promise) {
    return result.then(
      () => {
        throw expected();
      },
      asAnswerError,
    );
  }
  throw expected();
}
