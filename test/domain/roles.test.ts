import { describe, expect, it } from "vitest";
import { canActFor, canModerate, isStaff, rolesFor } from "../../src/domain/roles.js";

describe("roles", () => {
  it("derives admin from configuration and the rest from grants", () => {
    const roles = rolesFor(
      5,
      [1, 2],
      [
        { role: "officer", municipalityId: 3 },
        { role: "officer", municipalityId: 4 },
      ],
    );
    expect(roles).toEqual({ admin: false, moderator: false, officerOf: [3, 4] });
    expect(canActFor(roles, 3)).toBe(true);
    expect(canActFor(roles, 5)).toBe(false);
    expect(canModerate(roles)).toBe(false);
    expect(isStaff(roles)).toBe(true);
  });

  it("lets admins act everywhere and moderators moderate", () => {
    const admin = rolesFor(1, [1], []);
    expect(canActFor(admin, 99)).toBe(true);
    expect(canModerate(admin)).toBe(true);
    const moderator = rolesFor(7, [], [{ role: "moderator", municipalityId: null }]);
    expect(canModerate(moderator)).toBe(true);
    expect(canActFor(moderator, 1)).toBe(false);
    expect(isStaff(rolesFor(8, [], []))).toBe(false);
  });
});
