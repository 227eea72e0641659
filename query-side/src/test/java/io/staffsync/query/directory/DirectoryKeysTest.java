package io.staffsync.query.directory;

import io.staffsync.api.staff.query.StaffSortField;
import io.staffsync.api.staff.query.StaffSortOrder;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectoryKeysTest {

    @Test
    void the_sort_parameter_reads_fields_and_directions() {
        assertThat(StaffSortParameter.parse("department,-weeklyHours")).containsExactly(
                new StaffSortOrder(StaffSortField.DEPARTMENT, false),
                new StaffSortOrder(StaffSortField.WEEKLY_HOURS, true));
        assertThat(StaffSortParameter.format(StaffSortParameter.parse(" lastName ,-updatedAt")))
                .isEqualTo("lastName,-updatedAt");
        assertThatThrownBy(() -> StaffSortParameter.parse("salary")).hasMessageContaining("weeklyHours");
        assertThatThrownBy(() -> StaffSortParameter.parse("role,-role")).hasMessageContaining("twice");
        assertThatThrownBy(() -> StaffSortParameter.parse("role,")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_cursor_round_trips_with_empty_values() {
        StaffCursor cursor = new StaffCursor("-weeklyHours,role,staffId", Arrays.asList("40", null, "s1"));
        StaffCursor decoded = StaffCursor.decode(cursor.encode());
        assertThat(decoded).isEqualTo(cursor);
        assertThat(decoded.sortOrders()).extracting(StaffSortOrder::field)
                .containsExactly(StaffSortField.WEEKLY_HOURS, StaffSortField.ROLE, StaffSortField.STAFF_ID);
    }

    @Test
    void a_cursor_this_server_did_not_make_is_refused() {
        String json = Base64.getUrlEncoder().encodeToString(
                "{\"v\":1,\"sort\":\"weeklyHours,staffId\",\"after\":[\"many\",\"s1\"]}".getBytes());
        assertThatThrownBy(() -> StaffCursor.decode(json)).isInstanceOf(IllegalArgumentException.class);
        String wrongLength = new StaffCursor("role,staffId", List.of("s1")).encode();
        assertThatThrownBy(() -> StaffCursor.decode(wrongLength)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StaffCursor.decode("%%%")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StaffCursor.decode(Base64.getUrlEncoder().encodeToString("[]".getBytes())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
