import type { AuthedRequest, AuthedTextRequest } from "./authed-request";
import { query } from "./http";

/** A class as the API answers it (docs/protocol.md, "Classes"; issue 10 contract). */
export interface ClassInfo {
  classId: string;
  name: string;
  dailyMessageQuota: number | null;
  monthlyBudget: number | null;
  archived?: boolean;
  createdAt?: string;
}

export interface NewClass {
  name: string;
  dailyMessageQuota?: number;
  monthlyBudget?: number;
}

export interface ClassChanges {
  name?: string;
  dailyMessageQuota?: number | null;
  monthlyBudget?: number | null;
  archived?: boolean;
}

export interface Invite {
  code: string;
  /** `{origin}/join/{code}`. */
  url: string;
  seats: number;
  used: number;
  expiresAt: string;
  revoked: boolean;
}

export interface CostBreakdown {
  model: number;
  infra: number;
  total: number;
}

export interface UsageDay {
  date: string;
  messages: number;
  tokensIn: number;
  tokensOut: number;
  activeLearners: number;
  cost: number;
}

export interface LearnerUsage {
  userId: string;
  username: string;
  messages: number;
  tokensIn: number;
  tokensOut: number;
  cost: number;
  lastActive: string | null;
  suspended: boolean;
  dailyQuotaOverride: number | null;
}

/** Numbers only: teachers see usage, never what learners wrote. */
export interface ClassUsage {
  classId: string;
  currency: string;
  /** True when some token counts are estimates (characters / 4), not the provider's. */
  estimated: boolean;
  totals: {
    messages: number;
    tokensIn: number;
    tokensOut: number;
    activeLearners: number;
    cost: CostBreakdown;
  };
  days: UsageDay[];
  learners: LearnerUsage[];
  budget: {
    monthlyBudget: number | null;
    spentThisMonth: number;
    dailyMessageQuota: number | null;
  };
}

/** Inclusive dates, `YYYY-MM-DD` (UTC). */
export interface DateRange {
  from: string;
  to: string;
}

export interface OneTimeLink {
  url: string;
  expiresAt: string;
}

export interface ClassesApi {
  list(): Promise<ClassInfo[]>;
  get(classId: string): Promise<ClassInfo>;
  create(input: NewClass): Promise<ClassInfo>;
  update(classId: string, changes: ClassChanges): Promise<ClassInfo>;
  archive(classId: string): Promise<void>;
  invites(classId: string): Promise<Invite[]>;
  createInvite(classId: string, input: { seats: number; expiresInHours: number }): Promise<Invite>;
  revokeInvite(classId: string, code: string): Promise<void>;
  /** A signed-in learner joins with an invite code. */
  join(code: string): Promise<{ classId: string; name: string }>;
  usage(classId: string, range: DateRange): Promise<ClassUsage>;
  usageCsv(classId: string, range: DateRange): Promise<string>;
  setLearnerQuota(
    classId: string,
    userId: string,
    dailyQuotaOverride: number | null,
  ): Promise<void>;
  suspend(classId: string, userId: string): Promise<void>;
  restore(classId: string, userId: string): Promise<void>;
  passwordResetLink(classId: string, userId: string): Promise<OneTimeLink>;
  revokeSessions(classId: string, userId: string): Promise<void>;
}

export function createClassesApi(request: AuthedRequest, text: AuthedTextRequest): ClassesApi {
  const klass = (id: string) => `/api/classes/${encodeURIComponent(id)}`;
  const learner = (id: string, userId: string) =>
    `${klass(id)}/learners/${encodeURIComponent(userId)}`;
  return {
    list: async () => (await request<{ classes: ClassInfo[] }>("GET", "/api/classes")).classes,
    get: (classId) => request("GET", klass(classId)),
    create: (input) => request("POST", "/api/classes", input),
    update: (classId, changes) => request("PATCH", klass(classId), changes),
    archive: (classId) => request("DELETE", klass(classId)),
    invites: async (classId) =>
      (await request<{ invites: Invite[] }>("GET", `${klass(classId)}/invites`)).invites,
    createInvite: (classId, input) => request("POST", `${klass(classId)}/invites`, input),
    revokeInvite: (classId, code) =>
      request("DELETE", `${klass(classId)}/invites/${encodeURIComponent(code)}`),
    join: (code) => request("POST", "/api/classes/join", { code }),
    usage: (classId, range) => request("GET", `${klass(classId)}/usage${query({ ...range })}`),
    usageCsv: (classId, range) => text(`${klass(classId)}/usage.csv${query({ ...range })}`),
    setLearnerQuota: (classId, userId, dailyQuotaOverride) =>
      request("PUT", learner(classId, userId), { dailyQuotaOverride }),
    suspend: (classId, userId) => request("POST", `${learner(classId, userId)}/suspend`),
    restore: (classId, userId) => request("POST", `${learner(classId, userId)}/restore`),
    passwordResetLink: (classId, userId) =>
      request("POST", `${learner(classId, userId)}/password-reset`),
    revokeSessions: (classId, userId) => request("POST", `${learner(classId, userId)}/revoke`),
  };
}
