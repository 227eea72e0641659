package io.staffsync.query.directory;

import io.staffsync.api.staff.EmploymentType;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.query.StaffMemberView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

/** A row of the staff directory; its schema belongs to Flyway (V3__staff_directory.sql). */
@Entity
@Table(name = "staff_directory")
public class StaffMemberEntry {

    @Id
    @Column(name = "staff_id")
    private String staffId;
    private long version;
    private boolean active;
    @Column(name = "first_name")
    private String firstName;
    @Column(name = "last_name")
    private String lastName;
    private String email;
    private String phone;
    private String role;
    private String department;
    @Enumerated(EnumType.STRING)
    @Column(name = "employment_type")
    private EmploymentType employmentType;
    @Column(name = "weekly_hours")
    private Integer weeklyHours;
    @Column(columnDefinition = "text[]")
    private String[] skills;
    private String notes;
    @Column(name = "last_position")
    private long lastPosition;
    @Column(name = "registered_at")
    private Instant registeredAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Column(name = "updated_by")
    private String updatedBy;

    protected StaffMemberEntry() {
        // for JPA
    }

    StaffMemberEntry(String staffId, StaffDetails details, long version, long position, Instant at, String actor) {
        this.staffId = staffId;
        this.active = true;
        this.registeredAt = at;
        apply(details, version, position, at, actor);
    }

    void apply(StaffDetails details, long version, long position, Instant at, String actor) {
        this.firstName = details.firstName();
        this.lastName = details.lastName();
        this.email = details.email();
        this.phone = details.phone();
        this.role = details.role();
        this.department = details.department();
        this.employmentType = details.employmentType();
        this.weeklyHours = details.weeklyHours();
        this.skills = details.skills().toArray(String[]::new);
        this.notes = details.notes();
        touch(version, position, at, actor);
    }

    void setActive(boolean active, long version, long position, Instant at, String actor) {
        this.active = active;
        touch(version, position, at, actor);
    }

    /** An event that changes no detail (a conflict raised or settled) still moves the version on. */
    void touch(long version, long position, Instant at, String actor) {
        this.version = version;
        this.lastPosition = position;
        this.updatedAt = at;
        this.updatedBy = actor;
    }

    public String staffId() {
        return staffId;
    }

    public long version() {
        return version;
    }

    public long lastPosition() {
        return lastPosition;
    }

    Instant registeredAt() {
        return registeredAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    public StaffDetails details() {
        return new StaffDetails(firstName, lastName, email, phone, role, department, employmentType, weeklyHours,
                skills == null ? Set.of() : Set.copyOf(Arrays.asList(skills)), notes);
    }

    public StaffMemberView toView() {
        return StaffMemberView.of(staffId, version, active, details());
    }
}
