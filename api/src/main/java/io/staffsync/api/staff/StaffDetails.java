package io.staffsync.api.staff;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The editable details of a staff member. Every field may be {@code null} except in a registered staff
 * member, where {@link StaffField#isRequired() required} fields are always present. {@code skills} is
 * never {@code null} and always sorted, so equal details serialize identically.
 */
public record StaffDetails(
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

    public static final StaffDetails EMPTY =
            new StaffDetails(null, null, null, null, null, null, null, null, Set.of(), null);

    public StaffDetails {
        skills = skills == null ? Set.of() : Collections.unmodifiableSortedSet(new TreeSet<>(skills));
    }
}
