package io.staffsync.query.deadletters;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;

import java.time.Instant;

/**
 * One parked event, as an operator needs to judge it: which event, whose, and why it failed last time.
 *
 * @param staffId        the aggregate (staff member) the event belongs to, if it is a domain event
 * @param version        the event's sequence number in that staff member's stream
 * @param causeType      the exception class of the last failure
 * @param causeMessage   its message (Axon truncates it to 1,023 characters)
 */
public record DeadLetterView(String eventIdentifier, String payloadType, String staffId, Long version,
                             Instant enqueuedAt, Instant lastTouched, String causeType, String causeMessage) {

    static DeadLetterView of(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> message = letter.message();
        String staffId = null;
        Long version = null;
        if (message instanceof DomainEventMessage<?> domainEvent) {
            staffId = domainEvent.getAggregateIdentifier();
            version = domainEvent.getSequenceNumber();
        }
        return new DeadLetterView(message.getIdentifier(), message.getPayloadType().getName(), staffId, version,
                letter.enqueuedAt(), letter.lastTouched(),
                letter.cause().map(Cause::type).orElse(null), letter.cause().map(Cause::message).orElse(null));
    }
}
