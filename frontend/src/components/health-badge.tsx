import { useCallback, useEffect, useState, type ReactElement } from "react";
import { useServices } from "../app/services-context";

type Health = "checking" | "reachable" | "degraded" | "unreachable";

const TEXT: Record<Health, string> = {
  checking: "Checking the service…",
  reachable: "Service is up",
  degraded: "Service is up but degraded — replies may fail",
  unreachable: "Can't reach the service",
};

/** GET /api/health, shown in words (not only colour) with a retry when it fails. */
export function HealthBadge(): ReactElement {
  const { authApi } = useServices();
  const [health, setHealth] = useState<Health>("checking");
  // State changes only in the callbacks, so the mount effect can call it directly.
  const probe = useCallback(() => {
    authApi.health().then(
      (report) => setHealth(report.status === "ok" ? "reachable" : "degraded"),
      (error: unknown) => {
        // 503 means the API answered that a dependency is down.
        setHealth(
          error instanceof Error && "status" in error && error.status === 503
            ? "degraded"
            : "unreachable",
        );
      },
    );
  }, [authApi]);
  useEffect(probe, [probe]);
  const check = () => {
    setHealth("checking");
    probe();
  };
  return (
    <div
      className={`health ${health}`}
      role="status"
      aria-label={`Service status: ${TEXT[health]}`}
    >
      <span className="dot" aria-hidden="true" />
      <span>{TEXT[health]}</span>
      {(health === "unreachable" || health === "degraded") && (
        <button type="button" className="text-button" onClick={check}>
          Retry
        </button>
      )}
    </div>
  );
}
