package io.staffsync.query.directory;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

/** Storage of the staff directory rows. */
public interface StaffDirectoryRepository
        extends JpaRepository<StaffMemberEntry, String>, JpaSpecificationExecutor<StaffMemberEntry> {
}
