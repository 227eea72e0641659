package io.staffsync.query.directory;

import io.staffsync.api.staff.query.FindStaffMemberQuery;
import io.staffsync.api.staff.query.ListStaffMembersQuery;
import io.staffsync.api.staff.query.StaffMemberPage;
import io.staffsync.api.staff.query.StaffMemberView;
import jakarta.persistence.criteria.Expression;
import org.axonframework.queryhandling.QueryHandler;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Answers staff directory queries from the read model. */
@Component
@Transactional(readOnly = true)
class StaffDirectoryQueries {

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
        Specification<StaffMemberEntry> filter = filter(query);
        if (query.after() == null) {
            Page<StaffMemberEntry> page = repository.findAll(filter.and(ordered(query)),
                    PageRequest.of(query.page(), query.size()));
            List<StaffMemberEntry> rows = page.getContent();
            String next = page.hasNext() && !rows.isEmpty()
                    ? StaffCursor.of(query.sort(), rows.get(rows.size() - 1)).encode() : null;
            return new StaffMemberPage(rows.stream().map(StaffMemberEntry::toView).toList(), query.page(),
                    query.size(), page.getTotalElements(), next);
        }
        Specification<StaffMemberEntry> after = (root, q, cb) -> DirectoryKeys.after(root, cb, query.sort(),
                query.after());
        // one row more than asked tells whether there is a next page, without a second query
        List<StaffMemberEntry> rows = repository.findBy(filter.and(after).and(ordered(query)),
                fluent -> fluent.limit(query.size() + 1).all());
        boolean more = rows.size() > query.size();
        List<StaffMemberEntry> page = more ? rows.subList(0, query.size()) : rows;
        String next = more ? StaffCursor.of(query.sort(), page.get(page.size() - 1)).encode() : null;
        return new StaffMemberPage(page.stream().map(StaffMemberEntry::toView).toList(), -1, query.size(),
                repository.count(filter), next);
    }

    /** Orders the rows by the query's sort keys (Spring Data's count queries drop it again). */
    private static Specification<StaffMemberEntry> ordered(ListStaffMembersQuery query) {
        return (root, q, cb) -> {
            q.orderBy(DirectoryKeys.orders(root, cb, query.sort()));
            return null;
        };
    }

    private static Specification<StaffMemberEntry> filter(ListStaffMembersQuery query) {
        Specification<StaffMemberEntry> filter = (root, q, cb) -> cb.conjunction();
        if (query.department() != null) {
            filter = filter.and((root, q, cb) -> cb.equal(root.get("department"), query.department()));
        }
        if (query.role() != null) {
            filter = filter.and((root, q, cb) -> cb.equal(root.get("role"), query.role()));
        }
        if (query.employmentType() != null) {
            filter = filter.and((root, q, cb) -> cb.equal(root.get("employmentType"), query.employmentType()));
        }
        if (query.active() != null) {
            filter = filter.and((root, q, cb) -> cb.equal(root.get("active"), query.active()));
        }
        for (String skill : query.skills()) {
            filter = filter.and((root, q, cb) -> ((HibernateCriteriaBuilder) cb)
                    .arrayContains(root.<String[]>get("skills"), skill));
        }
        if (query.text() != null) {
            String pattern = "%" + likeEscaped(query.text().toLowerCase(Locale.ROOT)) + "%";
            filter = filter.and((root, q, cb) -> {
                Expression<String> first = cb.lower(root.get("firstName"));
                Expression<String> last = cb.lower(root.get("lastName"));
                return cb.or(
                        cb.like(first, pattern, '\\'),
                        cb.like(last, pattern, '\\'),
                        cb.like(cb.concat(cb.concat(first, " "), last), pattern, '\\'),
                        cb.like(cb.lower(root.get("email")), pattern, '\\'));
            });
        }
        return filter;
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
