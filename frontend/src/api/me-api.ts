import type { AuthedRequest } from "./authed-request";

export type Role = "admin" | "teacher" | "learner";

export interface Me {
  userId: string;
  username: string;
  role: Role;
  suspended: boolean;
  classes: { classId: string; name: string; myRole: "teacher" | "learner" }[];
}

export interface MeApi {
  me(): Promise<Me>;
  /** Everything the server keeps about the signed-in user (profile, sessions, messages, classes). */
  exportData(): Promise<unknown>;
  /** Deletes the account and its history. */
  deleteAccount(): Promise<void>;
}

export function createMeApi(request: AuthedRequest): MeApi {
  return {
    me: () => request("GET", "/api/me"),
    exportData: () => request("GET", "/api/me/export"),
    deleteAccount: () => request("DELETE", "/api/me"),
  };
}

/** Teachers and admins see the Class area; learners never load it. */
export function canTeach(me: Me | null): boolean {
  return me !== null && (me.role === "admin" || me.role === "teacher");
}
