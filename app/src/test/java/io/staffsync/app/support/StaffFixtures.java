package io.staffsync.app.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Valid request bodies for tests, unique per staff id (emails must be unique among active staff). */
public final class StaffFixtures {

    private StaffFixtures() {
    }

    public static Map<String, Object> registration(String staffId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("firstName", "Grace");
        fields.put("lastName", "Hopper");
        fields.put("email", "grace." + staffId + "@example.com");
        fields.put("department", "Engineering");
        fields.put("employmentType", "FULL_TIME");
        fields.put("weeklyHours", 40);
        fields.put("skills", List.of("cobol", "compilers"));
        return fields;
    }
}
