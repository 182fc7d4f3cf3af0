// A page that throws while drawing shows a sentence instead of blanking the whole app; the header and
// every other page keep working, and moving to another page clears it.
import { Component, type ReactNode } from "react";

type Props = { children: ReactNode; resetKey: string };
type State = { error?: Error; resetKey: string };

export class PageErrorBoundary extends Component<Props, State> {
  state: State = { resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey ? null : { error: undefined, resetKey: props.resetKey };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <section>
        <h1>This page could not be shown</h1>
        <p role="alert" className="error">
          {this.state.error.message}
        </p>
        <p>The other pages still work; nothing was sent.</p>
      </section>
    );
  }
}
