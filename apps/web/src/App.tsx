// The app's frame: the header (pages, network, wallet) and the routes. Each page is its own file in pages/.
import { lazy, Suspense } from "react";
import { NavLink, Route, Routes, useLocation } from "react-router";
import { useAppConfig } from "./chain/context.tsx";
import { ConnectWallet } from "./components/ConnectWallet.tsx";
import { PageErrorBoundary } from "./components/PageErrorBoundary.tsx";

// Each page loads with its first visit: the first page drawn fetches only its own code.
const Markets = lazy(async () => ({ default: (await import("./pages/Markets.tsx")).Markets }));
const Account = lazy(async () => ({ default: (await import("./pages/Account.tsx")).Account }));
const YourAccount = lazy(async () => ({ default: (await import("./pages/Account.tsx")).YourAccount }));
const Kusd = lazy(async () => ({ default: (await import("./pages/Kusd.tsx")).Kusd }));
const Migrate = lazy(async () => ({ default: (await import("./pages/Migrate.tsx")).Migrate }));
const Protect = lazy(async () => ({ default: (await import("./pages/Protect.tsx")).Protect }));
const Flows = lazy(async () => ({ default: (await import("./pages/Flows.tsx")).Flows }));
const History = lazy(async () => ({ default: (await import("./pages/History.tsx")).History }));
const Alerts = lazy(async () => ({ default: (await import("./pages/Alerts.tsx")).Alerts }));
const Governance = lazy(async () => ({ default: (await import("./pages/Governance.tsx")).Governance }));

export function App() {
  const config = useAppConfig();
  const location = useLocation();
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <NavLink to="/" className="brand">
          Keel
        </NavLink>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Markets
          </NavLink>
          <NavLink to="/account">Positions</NavLink>
          <NavLink to="/flows">Flows</NavLink>
          <NavLink to="/migrate">Migrate</NavLink>
          <NavLink to="/protect">Protect</NavLink>
          <NavLink to="/kusd">kUSD</NavLink>
          <NavLink to="/history">History</NavLink>
          <NavLink to="/alerts">Alerts</NavLink>
          <NavLink to="/governance">Governance</NavLink>
        </nav>
        <span className="network" data-testid="network">
          {config.network.name}
        </span>
        <ConnectWallet />
      </header>
      <main id="main">
        <PageErrorBoundary resetKey={location.pathname + location.search}>
          <Suspense fallback={<p aria-live="polite">Loading…</p>}>
            <Routes>
              <Route path="/" element={<Markets />} />
              <Route path="/account" element={<YourAccount />} />
              <Route path="/account/:address" element={<Account />} />
              <Route path="/flows" element={<Flows />} />
              <Route path="/migrate" element={<Migrate />} />
              <Route path="/protect" element={<Protect />} />
              <Route path="/kusd" element={<Kusd />} />
              <Route path="/history" element={<History />} />
              <Route path="/history/:address" element={<History />} />
              <Route path="/alerts" element={<Alerts />} />
              <Route path="/governance" element={<Governance />} />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Suspense>
        </PageErrorBoundary>
      </main>
    </>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        This address is not a page of the app. <NavLink to="/">Back to the markets</NavLink>.
      </p>
    </section>
  );
}
