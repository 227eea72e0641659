package io.staffsync.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Valid staff records, unique per staff id (emails must be unique among active staff). */
final class Fixtures {

    static final int INITIAL_WEEKLY_HOURS = 40;
    static final int MAX_WEEKLY_HOURS = 80;

    private Fixtures() {
    }

    static Map<String, Object> registration(String staffId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("firstName", "Grace");
        fields.put("lastName", "Hopper");
        fields.put("email", "grace." + staffId + "@example.com");
        fields.put("department", "Engineering");
        fields.put("employmentType", "FULL_TIME");
        fields.put("weeklyHours", INITIAL_WEEKLY_HOURS);
        fields.put("skills", List.of("cobol", "compilers"));
        return fields;
    }
}
