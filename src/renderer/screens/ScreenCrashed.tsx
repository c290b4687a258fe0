import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  crashed: boolean;
}

/** A bug in one screen must leave the operator with a way forward, not a blank kiosk. */
export class ScreenCrashed extends Component<{ children: ReactNode }, State> {
  override state: State = { crashed: false };

  static getDerivedStateFromError(): State {
    return { crashed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('The screen failed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.crashed) return this.props.children;
    return (
      <section className="panel panel-narrow" role="alert" data-testid="screen-crashed">
        <h1>This screen hit a problem</h1>
        <p className="lead">Nothing recorded at the station is lost. Reload the screen; if it happens again, call your coordinator.</p>
        <button type="button" className="button button-primary button-wide" onClick={() => location.reload()}>
          Reload the screen
        </button>
      </section>
    );
  }
}
