import { useEffect, useState } from "react";
import { canTeach, type MeApi } from "../api/me-api";

/**
 * Whether to offer the Class console: GET /api/me says the role. Any failure (an older
 * server without the route, a network error) hides the link; the server checks roles anyway.
 */
export function useCanTeach(meApi: MeApi): boolean {
  const [teaches, setTeaches] = useState(false);
  useEffect(() => {
    let current = true;
    meApi.me().then(
      (me) => {
        if (current) setTeaches(canTeach(me));
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [meApi]);
  return teaches;
}
