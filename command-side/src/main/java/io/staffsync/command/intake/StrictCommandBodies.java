package io.staffsync.command.intake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.staffsync.api.staff.wire.ResolveConflictRequest;
import io.staffsync.api.staff.wire.StaffCommandRequest;

import java.io.IOException;
import java.util.Set;

/**
 * Refuses properties a command body does not have. Spring Boot's ObjectMapper ignores unknown properties, which
 * suits responses and stored events, but a command whose {@code isAdmin} or misspelt {@code expectedVersoin} is
 * silently dropped does something other than what its sender meant. Only the command bodies are strict.
 */
final class StrictCommandBodies extends DeserializationProblemHandler {

    private static final Set<Class<?>> COMMAND_BODIES = Set.of(StaffCommandRequest.class, ResolveConflictRequest.class);

    @Override
    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                                         JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName)
            throws IOException {
        Class<?> type = beanOrClass instanceof Class<?> given ? given : beanOrClass.getClass();
        if (COMMAND_BODIES.contains(type)) {
            throw UnrecognizedPropertyException.from(parser, beanOrClass, propertyName,
                    deserializer.getKnownPropertyNames());
        }
        return false;
    }
}
