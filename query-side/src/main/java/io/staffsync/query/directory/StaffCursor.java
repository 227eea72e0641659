package io.staffsync.query.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.staffsync.api.staff.query.StaffSortOrder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The opaque {@code cursor} of a directory listing: the sort it was made for and the key values of the last
 * row of its page, as URL-safe base64 of a small JSON document. Clients must not build or read it; the
 * format may change (the leading {@code v} lets it).
 */
record StaffCursor(String sort, List<String> after) {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Wire(int v, String sort, List<String> after) {
    }

    static StaffCursor of(List<StaffSortOrder> sort, StaffMemberEntry last) {
        List<String> keys = new ArrayList<>();
        for (StaffSortOrder order : sort) {
            keys.add(DirectoryKeys.value(last, order.field()));
        }
        return new StaffCursor(StaffSortParameter.format(sort), keys);
    }

    String encode() {
        try {
            byte[] json = JSON.writeValueAsBytes(new Wire(1, sort, after));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException if {@code cursor} is not one this server made */
    static StaffCursor decode(String cursor) {
        Wire wire;
        try {
            wire = JSON.readValue(Base64.getUrlDecoder().decode(cursor.trim()), Wire.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("cursor is not a cursor this server handed out");
        }
        if (wire.v() != 1 || wire.sort() == null || wire.after() == null) {
            throw new IllegalArgumentException("cursor is not a cursor this server handed out");
        }
        List<StaffSortOrder> sort = StaffSortParameter.parse(wire.sort());
        if (sort.size() != wire.after().size()) {
            throw new IllegalArgumentException("cursor is not a cursor this server handed out");
        }
        for (int i = 0; i < sort.size(); i++) {
            DirectoryKeys.parse(sort.get(i).field(), wire.after().get(i));
        }
        return new StaffCursor(wire.sort(), wire.after());
    }

    List<StaffSortOrder> sortOrders() {
        return StaffSortParameter.parse(sort);
    }
}
