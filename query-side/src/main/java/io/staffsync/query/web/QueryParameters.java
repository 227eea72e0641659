package io.staffsync.query.web;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Locale;
import java.util.Set;

/** Strict reading of query parameters: anything unusable is a 400 that names the parameter. */
public final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * Refuses query parameters the endpoint does not know, so a misspelt filter is not silently ignored, and
     * parameters given twice unless they are {@code repeatable} (Spring would join them with a comma).
     */
    public static void rejectUnknown(HttpServletRequest request, Set<String> known, Set<String> repeatable) {
        request.getParameterMap().forEach((name, values) -> {
            if (!known.contains(name)) {
                throw new InvalidQueryParameterException(name, "unknown query parameter " + name
                        + "; this endpoint takes " + String.join(", ", known.stream().sorted().toList()));
            }
            if (values.length > 1 && !repeatable.contains(name)) {
                throw new InvalidQueryParameterException(name, name + " may be given only once");
            }
        });
    }

    /** {@code true} or {@code false} in any case; null when absent. */
    public static Boolean bool(String name, String value) {
        if (value == null) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new InvalidQueryParameterException(name, name + " must be true or false, was " + value);
        };
    }

    /** A whole number within [min, max]; {@code fallback} when absent. */
    public static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidQueryParameterException(name,
                name + " must be a whole number between " + min + " and " + max + ", was " + value);
    }

    /** A non-blank text of at most {@code maxLength} characters, trimmed; null when absent. */
    public static String text(String name, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty() || trimmed.length() > maxLength) {
            throw new InvalidQueryParameterException(name,
                    name + " must be between 1 and " + maxLength + " characters when given");
        }
        return trimmed;
    }
}
