package io.staffsync.api.staff.event.upcasting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.staffsync.api.staff.EmploymentType;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.event.StaffMemberRegisteredEvent;
import io.staffsync.api.staff.event.StaffMemberUpdatedEvent;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class StaffMemberRegisteredEventUpcasterTest {

    private static final String TYPE = StaffMemberRegisteredEvent.class.getName();

    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(new ObjectMapper()).build();
    private final EventUpcasterChain chain = new EventUpcasterChain(new StaffMemberRegisteredEventUpcaster());

    @ParameterizedTest(name = "\"{0}\" is \"{1}\" / \"{2}\"")
    @CsvSource(delimiter = '|', value = {
            "Ada Lovelace|Ada|Lovelace",
            "  Grace   Brewster  Hopper |Grace|Brewster Hopper",
            "Ludwig van Beethoven|Ludwig|van Beethoven",
            "Plato|Plato|Plato",
    })
    void the_first_word_is_the_first_name_and_the_rest_the_last_name(String name, String first, String last) {
        assertThat(StaffMemberRegisteredEventUpcaster.split(name))
                .isEqualTo(new StaffMemberRegisteredEventUpcaster.Name(first, last));
    }

    @Test
    void a_missing_or_blank_name_leaves_both_names_unset() {
        assertThat(StaffMemberRegisteredEventUpcaster.split(null)).isEqualTo(new StaffMemberRegisteredEventUpcaster.Name(null, null));
        assertThat(StaffMemberRegisteredEventUpcaster.split(" \t")).isEqualTo(new StaffMemberRegisteredEventUpcaster.Name(null, null));
    }

    @Test
    void a_revision_1_event_reads_as_the_current_record_with_first_and_last_name() {
        String stored = """
                {"staffId":"s1","details":{"name":"Ada King Lovelace","email":"ada@example.org",
                 "employmentType":"FULL_TIME","weeklyHours":40,"skills":["math","axon"]},"reason":"hired"}""";

        IntermediateEventRepresentation upcast = single(upcast(TYPE, "1", stored));

        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        StaffMemberRegisteredEvent event = serializer.deserialize(upcast.getData());
        assertThat(event).isEqualTo(new StaffMemberRegisteredEvent("s1",
                new StaffDetails("Ada", "King Lovelace", "ada@example.org", null, null, null, EmploymentType.FULL_TIME,
                        40, Set.of("axon", "math"), null), "hired"));
    }

    @Test
    void an_event_stored_before_revisions_holding_a_name_is_upcast_too() {
        String stored = """
                {"staffId":"s2","details":{"name":"Alan Turing","email":"alan@example.org"},"reason":null}""";

        StaffMemberRegisteredEvent event = serializer.deserialize(single(upcast(TYPE, null, stored)).getData());

        assertThat(event.details().firstName()).isEqualTo("Alan");
        assertThat(event.details().lastName()).isEqualTo("Turing");
    }

    @Test
    void an_event_stored_before_revisions_in_the_current_shape_only_gets_the_revision() {
        String stored = """
                {"staffId":"s3","details":{"firstName":"Edsger","lastName":"Dijkstra","email":"ewd@example.org"}}""";

        IntermediateEventRepresentation upcast = single(upcast(TYPE, null, stored));

        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        StaffMemberRegisteredEvent event = serializer.deserialize(upcast.getData());
        assertThat(event.details().firstName()).isEqualTo("Edsger");
        assertThat(event.details().lastName()).isEqualTo("Dijkstra");
    }

    @Test
    void an_explicit_first_or_last_name_next_to_the_old_field_wins() {
        String stored = """
                {"staffId":"s4","details":{"name":"Mary Somerville","lastName":"Fairfax","email":"m@example.org"}}""";

        StaffMemberRegisteredEvent event = serializer.deserialize(single(upcast(TYPE, "1", stored)).getData());

        assertThat(event.details().firstName()).isEqualTo("Mary");
        assertThat(event.details().lastName()).isEqualTo("Fairfax");
    }

    @Test
    void current_revision_events_and_other_event_types_pass_unchanged() {
        String current = """
                {"staffId":"s5","details":{"firstName":"Ada","lastName":"Lovelace","name":"not touched"}}""";
        String update = """
                {"staffId":"s5","changes":[],"basedOnVersion":0}""";

        IntermediateEventRepresentation registered = single(upcast(TYPE, "2", current));
        IntermediateEventRepresentation updated = single(upcast(StaffMemberUpdatedEvent.class.getName(), null, update));

        assertThat(registered.getType().getRevision()).isEqualTo("2");
        assertThat(registered.getData(String.class).getData()).isEqualTo(current);
        assertThat(updated.getType().getRevision()).isNull();
        assertThat(updated.getData(String.class).getData()).isEqualTo(update);
    }

    private List<IntermediateEventRepresentation> upcast(String type, String revision, String json) {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("StaffMember", "s", 0, "e1",
                Instant.EPOCH, type, revision, json.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        return chain.upcast(Stream.of(new InitialEventRepresentation(entry, serializer))).toList();
    }

    private static IntermediateEventRepresentation single(List<IntermediateEventRepresentation> upcast) {
        assertThat(upcast).hasSize(1);
        return upcast.get(0);
    }
}
