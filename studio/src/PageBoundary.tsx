// Catches what a page throws while it renders or runs its effects, and shows what failed with
// the ways out, instead of React unmounting the whole app into a blank page.
import { Component, type ErrorInfo, type ReactNode } from "react";
import { paths } from "./routes.js";

interface Props {
  /** The address shown: a new one gives the page another try. */
  at: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  at: string;
}

export class PageBoundary extends Component<Props, State> {
  override state: State = { error: null, at: this.props.at };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.at === state.at ? null : { error: null, at: props.at };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    // The stack is for whoever opens the console; the page shows the message.
    console.error("The page failed:", error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="page-message page-failed" role="alert">
        <h1 className="page-title">This page failed</h1>
        <p className="mono small">{error.message || error.name}</p>
        <p>
          <a href={`#${paths.flows()}`}>Go to the flows</a> · <a href={`#${paths.sessions()}`}>Go to the sessions</a> ·{" "}
          <button type="button" className="link-btn" onClick={() => location.reload()}>
            Reload
          </button>
        </p>
      </div>
    );
  }
}
