package io.staffsync.query.directory;

import io.staffsync.api.staff.query.StaffSortField;
import io.staffsync.api.staff.query.StaffSortOrder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code sort} query parameter: comma-separated field names, each descending with a leading {@code -}. */
final class StaffSortParameter {

    static final String ALLOWED = Arrays.stream(StaffSortField.values()).map(StaffSortField::wireName)
            .collect(Collectors.joining(", "));

    private StaffSortParameter() {
    }

    /** @throws IllegalArgumentException naming what is wrong */
    static List<StaffSortOrder> parse(String value) {
        List<StaffSortOrder> orders = new ArrayList<>();
        Set<StaffSortField> seen = EnumSet.noneOf(StaffSortField.class);
        for (String part : value.split(",", -1)) {
            String name = part.trim();
            boolean descending = name.startsWith("-");
            if (descending || name.startsWith("+")) {
                name = name.substring(1);
            }
            String wireName = name;
            StaffSortField field = StaffSortField.ofWireName(wireName).orElseThrow(() -> new IllegalArgumentException(
                    "sort must list fields among " + ALLOWED + " (a leading - sorts descending), was " + value));
            if (!seen.add(field)) {
                throw new IllegalArgumentException("sort names " + wireName + " twice");
            }
            orders.add(new StaffSortOrder(field, descending));
        }
        return orders;
    }

    static String format(List<StaffSortOrder> sort) {
        return sort.stream().map(StaffSortOrder::toString).collect(Collectors.joining(","));
    }
}
