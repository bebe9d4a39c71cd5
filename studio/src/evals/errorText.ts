// An error in words that names its field: the server's messages start with it already, the
// form's own checks give it beside.
import { ApiError } from "../api/client.js";

export function errorText(error: unknown): string {
  const message = (error as Error).message;
  const field = error instanceof ApiError ? error.path : undefined;
  return field && !message.startsWith(field) ? `${field}: ${message}` : message;
}
