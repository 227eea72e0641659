package io.staffsync.api.staff.event.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.staffsync.api.staff.event.StaffMemberRegisteredEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Reads a {@link StaffMemberRegisteredEvent} of revision 1 as revision 2.
 * <p>
 * Revision 1 stored the person's name as one field, {@code details.name} ("Ada Lovelace"); revision 2 has
 * {@code details.firstName} and {@code details.lastName}. Events stored before the events carried a revision
 * at all (revision {@code null}) are upcast too: they have the revision 2 shape unless they still hold a
 * {@code name}, so only the revision is set on them.
 * <p>
 * The split rule ({@link #split(String)}): surrounding whitespace is dropped and inner runs of whitespace
 * count as one; the first word is the first name and everything after it the last name, so particles stay
 * with the family name ("Ludwig van Beethoven" is "Ludwig" / "van Beethoven"). A single word is both first
 * and last name (both are required of a registered staff member, and nothing better can be known). A missing
 * or blank name leaves both unset: stored events are replayed as they were, never judged.
 */
public final class StaffMemberRegisteredEventUpcaster extends SingleEventUpcaster {

    static final String TYPE = StaffMemberRegisteredEvent.class.getName();
    static final String OUTPUT_REVISION = "2";

    /** A first and a last name. */
    public record Name(String firstName, String lastName) {
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        String revision = event.getType().getRevision();
        return TYPE.equals(event.getType().getName()) && (revision == null || "1".equals(revision));
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(new SimpleSerializedType(TYPE, OUTPUT_REVISION), JsonNode.class,
                StaffMemberRegisteredEventUpcaster::upcastPayload);
    }

    static JsonNode upcastPayload(JsonNode payload) {
        if (payload instanceof ObjectNode stored && stored.get("details") instanceof ObjectNode storedDetails
                && storedDetails.has("name")) {
            // a copy: the input may be shared with whoever converted it
            ObjectNode event = stored.deepCopy();
            ObjectNode details = (ObjectNode) event.get("details");
            JsonNode name = details.remove("name");
            Name split = split(name.isTextual() ? name.asText() : null);
            // an explicit first or last name next to the old field wins over the split
            if (!details.hasNonNull("firstName")) {
                details.put("firstName", split.firstName());
            }
            if (!details.hasNonNull("lastName")) {
                details.put("lastName", split.lastName());
            }
            return event;
        }
        return payload;
    }

    /** Splits a full name by the rule in the class comment. */
    public static Name split(String fullName) {
        if (fullName == null || fullName.isBlank()) {
            return new Name(null, null);
        }
        String[] words = fullName.strip().split("\\s+", 2);
        if (words.length == 1) {
            return new Name(words[0], words[0]);
        }
        return new Name(words[0], words[1].replaceAll("\\s+", " "));
    }
}
