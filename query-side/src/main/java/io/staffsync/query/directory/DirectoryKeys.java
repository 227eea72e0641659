package io.staffsync.query.directory;

import io.staffsync.api.staff.EmploymentType;
import io.staffsync.api.staff.query.StaffSortField;
import io.staffsync.api.staff.query.StaffSortOrder;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sort keys of the directory: which column each sortable field is, its values as strings (for cursors), and
 * the order and keyset predicates in JPA criteria. Empty values (null) sort last in either direction, which
 * the keyset predicate mirrors, so paging by key visits every row exactly once.
 */
final class DirectoryKeys {

    private DirectoryKeys() {
    }

    static String attribute(StaffSortField field) {
        return switch (field) {
            case STAFF_ID -> "staffId";
            case LAST_NAME -> "lastName";
            case FIRST_NAME -> "firstName";
            case EMAIL -> "email";
            case DEPARTMENT -> "department";
            case ROLE -> "role";
            case EMPLOYMENT_TYPE -> "employmentType";
            case WEEKLY_HOURS -> "weeklyHours";
            case REGISTERED_AT -> "registeredAt";
            case UPDATED_AT -> "updatedAt";
        };
    }

    /** The key value of one row, as a cursor holds it; null for an empty value. */
    static String value(StaffMemberEntry entry, StaffSortField field) {
        var details = entry.details();
        Object value = switch (field) {
            case STAFF_ID -> entry.staffId();
            case LAST_NAME -> details.lastName();
            case FIRST_NAME -> details.firstName();
            case EMAIL -> details.email();
            case DEPARTMENT -> details.department();
            case ROLE -> details.role();
            case EMPLOYMENT_TYPE -> details.employmentType() == null ? null : details.employmentType().name();
            case WEEKLY_HOURS -> details.weeklyHours();
            case REGISTERED_AT -> entry.registeredAt();
            case UPDATED_AT -> entry.updatedAt();
        };
        return value == null ? null : value.toString();
    }

    /** The typed value of a cursor's string; IllegalArgumentException if it cannot be one of this field. */
    static Comparable<?> parse(StaffSortField field, String value) {
        if (value == null) {
            if (field == StaffSortField.STAFF_ID) {
                throw new IllegalArgumentException("the staff id key cannot be empty");
            }
            return null;
        }
        try {
            return switch (field) {
                case EMPLOYMENT_TYPE -> EmploymentType.valueOf(value);
                case WEEKLY_HOURS -> Integer.valueOf(value);
                case REGISTERED_AT, UPDATED_AT -> Instant.parse(value);
                default -> value;
            };
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static List<Order> orders(Root<StaffMemberEntry> root, CriteriaBuilder cb, List<StaffSortOrder> sort) {
        HibernateCriteriaBuilder hcb = (HibernateCriteriaBuilder) cb;
        List<Order> orders = new ArrayList<>();
        for (StaffSortOrder order : sort) {
            Expression<?> key = root.get(attribute(order.field()));
            orders.add(order.descending() ? hcb.desc(key, false) : hcb.asc(key, false));
        }
        return orders;
    }

    /** Rows strictly after the row whose keys are {@code after}, in the order {@code sort}. */
    static Predicate after(Root<StaffMemberEntry> root, CriteriaBuilder cb, List<StaffSortOrder> sort,
                           List<String> after) {
        List<Predicate> alternatives = new ArrayList<>();
        List<Predicate> equalSoFar = new ArrayList<>();
        for (int i = 0; i < sort.size(); i++) {
            StaffSortOrder order = sort.get(i);
            Comparable<?> value = parse(order.field(), after.get(i));
            Expression<Comparable<Object>> key = root.get(attribute(order.field()));
            if (value != null) {
                // nulls sort last, so they come after any value, in either direction
                Predicate beyond = order.descending() ? cb.lessThan(key, comparable(value))
                        : cb.greaterThan(key, comparable(value));
                List<Predicate> here = new ArrayList<>(equalSoFar);
                here.add(cb.or(beyond, cb.isNull(key)));
                alternatives.add(cb.and(here.toArray(Predicate[]::new)));
                equalSoFar.add(cb.equal(key, value));
            } else {
                // nothing sorts after an empty value except rows that are equal here and later on a later key
                equalSoFar.add(cb.isNull(key));
            }
        }
        return alternatives.isEmpty() ? cb.disjunction() : cb.or(alternatives.toArray(Predicate[]::new));
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(Comparable<?> value) {
        return (Comparable<Object>) value;
    }
}
