package io.staffsync.api.staff.query;

import io.staffsync.api.staff.EmploymentType;
import io.staffsync.api.staff.StaffDetails;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** A staff member as clients see it: identity, version, whether active, and every detail. */
public record StaffMemberView(
        String staffId,
        long version,
        boolean active,
        String firstName,
        String lastName,
        String email,
        String phone,
        String role,
        String department,
        EmploymentType employmentType,
        Integer weeklyHours,
        Set<String> skills,
        String notes) {

    public StaffMemberView {
        // sorted, so that equal staff members compare and serialize equal wherever they were deserialized
        skills = skills == null ? Set.of() : Collections.unmodifiableSortedSet(new TreeSet<>(skills));
    }

    public static StaffMemberView of(String staffId, long version, boolean active, StaffDetails d) {
        return new StaffMemberView(staffId, version, active, d.firstName(), d.lastName(), d.email(), d.phone(),
                d.role(), d.department(), d.employmentType(), d.weeklyHours(), d.skills(), d.notes());
    }

    public StaffDetails details() {
        return new StaffDetails(firstName, lastName, email, phone, role, department, employmentType, weeklyHours,
                skills, notes);
    }
}
