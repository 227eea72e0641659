package io.staffsync.query.conflicts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code staff_conflict} (V4__conflicts.sql); {@code detail} is the conflict outcome as JSON. */
@Entity
@Table(name = "staff_conflict")
class StaffConflictEntry {

    @Id
    @Column(name = "conflict_id")
    UUID conflictId;
    @Column(name = "staff_id")
    String staffId;
    String status;
    @Column(name = "raised_by")
    String raisedBy;
    @Column(name = "raised_at")
    Instant raisedAt;
    @Column(name = "raised_at_version")
    long raisedAtVersion;
    @Column(name = "expires_at")
    Instant expiresAt;
    String fallback;
    @Column(name = "settled_by")
    String settledBy;
    @Column(name = "settled_at")
    Instant settledAt;
    String detail;

    protected StaffConflictEntry() {
        // for JPA
    }
}
