package io.staffsync.query.conflicts;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

import java.util.UUID;

interface StaffConflictRepository
        extends JpaRepository<StaffConflictEntry, UUID>, JpaSpecificationExecutor<StaffConflictEntry> {
}
