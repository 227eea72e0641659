package io.staffsync.query.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters read by hand, so that every malformed one is a 400 with {@code code} and {@code field}. */
final class AuditParameters {

    private AuditParameters() {
    }

    /** A position or version: a whole number of at least zero; {@code fallback} when absent. */
    static long nonNegative(String name, String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw AuditRequestException.invalid(name, name + " must be a whole number of at least 0, was '" + value + "'");
    }

    /** A page size in 1..max; {@code fallback} when absent (null for "no limit" where the caller allows it). */
    static Integer limit(String value, Integer fallback, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= 1 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw AuditRequestException.invalid("limit", "limit must be a whole number from 1 to " + max + ", was '"
                + value + "'");
    }

    /** An ISO-8601 instant ({@code 2026-01-31T12:00:00Z}) that is not in the future. */
    static Instant pastInstant(String name, String value, Clock clock) {
        Instant at;
        try {
            at = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw AuditRequestException.invalid(name, name + " must be an ISO-8601 instant such as "
                    + "2026-01-31T12:00:00Z, was '" + value + "'");
        }
        if (at.isAfter(clock.instant())) {
            throw AuditRequestException.invalid(name, name + " " + at + " is in the future");
        }
        return at;
    }
}
