package io.staffsync.query.directory;

import io.staffsync.api.staff.query.FindStaffMemberQuery;
import io.staffsync.api.staff.query.ListStaffMembersQuery;
import io.staffsync.api.staff.query.StaffMemberPage;
import io.staffsync.api.staff.query.StaffMemberView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.Optional;

/** Answers staff directory queries from the read model. */
@Component
@Transactional(readOnly = true)
class StaffDirectoryQueries {

    private static final Sort DIRECTORY_ORDER = Sort.by("lastName", "firstName", "staffId");

    private final StaffDirectoryRepository repository;

    StaffDirectoryQueries(StaffDirectoryRepository repository) {
        this.repository = repository;
    }

    @QueryHandler
    public Optional<StaffMemberView> handle(FindStaffMemberQuery query) {
        return repository.findById(query.staffId()).map(StaffMemberEntry::toView);
    }

    @QueryHandler
    public StaffMemberPage handle(ListStaffMembersQuery query) {
        Specification<StaffMemberEntry> filter = (root, q, cb) -> cb.conjunction();
        if (query.department() != null) {
            filter = filter.and((root, q, cb) -> cb.equal(root.get("department"), query.department()));
        }
        if (query.active() != null) {
            filter = filter.and((root, q, cb) -> cb.equal(root.get("active"), query.active()));
        }
        Page<StaffMemberEntry> page = repository.findAll(filter,
                PageRequest.of(query.page(), query.size(), DIRECTORY_ORDER));
        return new StaffMemberPage(page.map(StaffMemberEntry::toView).getContent(), query.page(), query.size(),
                page.getTotalElements());
    }
}
