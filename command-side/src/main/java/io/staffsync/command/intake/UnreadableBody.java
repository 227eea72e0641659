package io.staffsync.command.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.Collection;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Why a command body could not be read, said in the client's terms: the property at fault and what it must be,
 * never a Java type or an exception's own text.
 *
 * @param field   the property path (such as {@code expectedVersion}), or null when the body is not JSON at all
 * @param message what to change
 */
record UnreadableBody(String field, String message) {

    static UnreadableBody of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnrecognizedPropertyException unknown) {
                return new UnreadableBody(unknown.getPropertyName(), "a command has no property \""
                        + unknown.getPropertyName() + "\"; its properties are " + names(unknown.getKnownPropertyIds()));
            }
            if (t instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
                String field = path(mismatch);
                return new UnreadableBody(field, field + " must be " + expected(mismatch.getTargetType()));
            }
            if (t instanceof JsonProcessingException json) {
                String reason = json.getOriginalMessage() == null ? "" : json.getOriginalMessage().lines()
                        .findFirst().orElse("");
                return new UnreadableBody(null, "the message body is not valid JSON: " + reason);
            }
        }
        return new UnreadableBody(null, "the message body is not a valid command");
    }

    private static String path(JsonMappingException mapping) {
        return mapping.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                        : String.valueOf(reference.getIndex()))
                .collect(Collectors.joining("."));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "a string";
    }

    private static String names(Collection<Object> known) {
        return known == null ? "" : known.stream().map(Objects::toString).sorted().collect(Collectors.joining(", "));
    }
}
