export interface StaffGrantLike {
  role: "officer" | "moderator";
  municipalityId: number | null;
}

export interface Roles {
  admin: boolean;
  moderator: boolean;
  /** Municipalities this person is an LSG officer of. */
  officerOf: number[];
}

export const NO_ROLES: Roles = { admin: false, moderator: false, officerOf: [] };

export function rolesFor(
  userId: number,
  adminIds: readonly number[],
  grants: readonly StaffGrantLike[],
): Roles {
  return {
    admin: adminIds.includes(userId),
    moderator: grants.some((g) => g.role === "moderator"),
    officerOf: grants
      .filter((g) => g.role === "officer" && g.municipalityId !== null)
      .map((g) => g.municipalityId!),
  };
}

export const canModerate = (roles: Roles) => roles.admin || roles.moderator;
export const canActFor = (roles: Roles, municipalityId: number) =>
  roles.admin || roles.officerOf.includes(municipalityId);
export const isStaff = (roles: Roles) => roles.admin || roles.moderator || roles.officerOf.length > 0;
