/** DESIGN.md invariant 8: demo mode says so, permanently, on every screen. */
export function SimulatedBanner() {
  return (
    <div className="sim-banner" role="note" data-testid="simulated-banner">
      <strong>SIMULATED DEVICES</strong>
      <span>No real scanner, scale, printer or X-ray. Records made here are demo records.</span>
    </div>
  );
}
