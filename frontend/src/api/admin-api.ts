import type { AuthedRequest } from "./authed-request";
import { query } from "./http";
import type { Role } from "./me-api";

export interface AdminUser {
  userId: string;
  username: string;
  role: Role;
  suspended: boolean;
  createdAt: string;
}

export interface AdminApi {
  users(cursor?: string | null): Promise<{ users: AdminUser[]; next: string | null }>;
  setRole(userId: string, role: "teacher" | "learner"): Promise<void>;
}

/** The operator's routes (`ADMIN_USERNAMES`); the server refuses them to anyone else. */
export function createAdminApi(request: AuthedRequest): AdminApi {
  return {
    users: (cursor) => request("GET", `/api/admin/users${query({ cursor })}`),
    setRole: (userId, role) =>
      request("PUT", `/api/admin/users/${encodeURIComponent(userId)}/role`, { role }),
  };
}
