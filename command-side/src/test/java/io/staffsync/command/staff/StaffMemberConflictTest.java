package io.staffsync.command.staff;

import io.staffsync.api.staff.EmploymentType;
import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.StaffMetaData;
import io.staffsync.api.staff.command.DeactivateStaffMemberCommand;
import io.staffsync.api.staff.command.UpdateStaffMemberCommand;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.conflict.FieldConflict;
import io.staffsync.api.staff.conflict.FieldOutcome;
import io.staffsync.api.staff.conflict.MergeTieBreak;
import io.staffsync.api.staff.event.StaffMemberDeactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberReactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberRegisteredEvent;
import io.staffsync.api.staff.event.StaffMemberUpdatedEvent;
import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.ErrorCode;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Stale updates settled by each conflict strategy. Every unseen event carries an actor, so the recorded
 * settlement can say whose value it met; sequence numbers follow the order of the given events (the
 * registration is version 0).
 */
class StaffMemberConflictTest {

    private static final String STAFF_ID = "staff-1";
    private static final StaffDetails ADA = new StaffDetails("Ada", "Lovelace", "ada@example.org",
            "+44 20 7946 0958", "Engineer", "Analytics", EmploymentType.FULL_TIME, 40, Set.of("axon", "java", "sql"),
            "first programmer");
    private static final EventMessage<?> ADA_REGISTERED =
            by("admin", new StaffMemberRegisteredEvent(STAFF_ID, ADA, "hired"));

    private AggregateTestFixture<StaffMember> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(StaffMember.class);
    }

    @ParameterizedTest
    @EnumSource(value = ConflictStrategy.class, names = {"LAST_WRITER_WINS", "FIRST_WRITER_WINS", "MERGE_CHANGES"})
    void a_stale_write_to_fields_nobody_else_changed_is_applied_with_nothing_contested(ConflictStrategy strategy) {
        fixture.given(ADA_REGISTERED, changed(0, "bob", StaffField.ROLE, "Engineer", "Lead engineer"))
                .when(update(0, Map.of(StaffField.NOTES, "analytical engine"), strategy, null))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID,
                        List.of(new FieldChange(StaffField.NOTES, "first programmer", "analytical engine")), 0, "edit",
                        new ConflictOutcome(strategy, 0, 1, List.of())));
    }

    @ParameterizedTest
    @EnumSource(value = ConflictStrategy.class, names = {"LAST_WRITER_WINS", "FIRST_WRITER_WINS", "MERGE_CHANGES"})
    void a_field_both_sides_set_to_the_same_value_is_not_contested(ConflictStrategy strategy) {
        fixture.given(ADA_REGISTERED, changed(0, "bob", StaffField.ROLE, "Engineer", "Lead engineer"))
                .when(update(0, Map.of(StaffField.ROLE, "Lead engineer", StaffField.NOTES, "analytical engine"),
                        strategy, MergeTieBreak.TAKE_MINE))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID,
                        List.of(new FieldChange(StaffField.NOTES, "first programmer", "analytical engine")), 0, "edit",
                        new ConflictOutcome(strategy, 0, 1, List.of())));
    }

    @Test
    void a_field_others_changed_and_changed_back_is_not_contested() {
        fixture.given(ADA_REGISTERED,
                        changed(0, "bob", StaffField.ROLE, "Engineer", "Manager"),
                        changed(1, "carol", StaffField.ROLE, "Manager", "Engineer"))
                .when(update(0, Map.of(StaffField.ROLE, "Architect"), ConflictStrategy.FIRST_WRITER_WINS, null))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID,
                        List.of(new FieldChange(StaffField.ROLE, "Engineer", "Architect")), 0, "edit",
                        new ConflictOutcome(ConflictStrategy.FIRST_WRITER_WINS, 0, 2, List.of())));
    }

    @Test
    void last_writer_wins_overwrites_a_contested_field_and_records_who_last_set_it_and_when() {
        ConflictOutcome settled = new ConflictOutcome(ConflictStrategy.LAST_WRITER_WINS, 0, 3, List.of(
                new FieldConflict(StaffField.ROLE, "Engineer", "Principal", "Architect", 3L, "dave",
                        FieldOutcome.MINE, "Architect")));

        fixture.given(ADA_REGISTERED,
                        changed(0, "bob", StaffField.ROLE, "Engineer", "Lead engineer"),
                        changed(1, "carol", StaffField.DEPARTMENT, "Analytics", "Research"),
                        changed(2, "dave", StaffField.ROLE, "Lead engineer", "Principal"))
                .when(update(0, Map.of(StaffField.ROLE, "Architect"), ConflictStrategy.LAST_WRITER_WINS, null))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID,
                        List.of(new FieldChange(StaffField.ROLE, "Principal", "Architect")), 0, "edit", settled))
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 4, settled));
    }

    @Test
    void last_writer_wins_replaces_a_contested_skill_set_instead_of_merging_it() {
        Set<String> base = Set.of("axon", "java", "sql");
        Set<String> theirs = Set.of("axon", "java", "kotlin");
        Set<String> mine = Set.of("axon", "spring");

        fixture.given(ADA_REGISTERED, changed(0, "bob", StaffField.SKILLS, base, theirs))
                .when(update(0, Map.of(StaffField.SKILLS, List.of("spring", "axon")),
                        ConflictStrategy.LAST_WRITER_WINS, null))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID,
                        List.of(new FieldChange(StaffField.SKILLS, theirs, mine)), 0, "edit",
                        new ConflictOutcome(ConflictStrategy.LAST_WRITER_WINS, 0, 1, List.of(
                                new FieldConflict(StaffField.SKILLS, base, theirs, mine, 1L, "bob",
                                        FieldOutcome.MINE, mine)))));
    }

    @Test
    void contested_fields_are_recorded_in_field_order_whatever_order_the_patch_names_them() {
        Map<StaffField, Object> notesFirst = new LinkedHashMap<>();
        notesFirst.put(StaffField.NOTES, "analytical engine");
        notesFirst.put(StaffField.ROLE, "Architect");

        fixture.given(ADA_REGISTERED,
                        changed(0, "bob", StaffField.NOTES, "first programmer", "poet's daughter"),
                        changed(1, "carol", StaffField.ROLE, "Engineer", "Lead engineer"))
                .when(update(0, notesFirst, ConflictStrategy.LAST_WRITER_WINS, null))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID, List.of(
                        new FieldChange(StaffField.ROLE, "Lead engineer", "Architect"),
                        new FieldChange(StaffField.NOTES, "poet's daughter", "analytical engine")), 0, "edit",
                        new ConflictOutcome(ConflictStrategy.LAST_WRITER_WINS, 0, 2, List.of(
                                new FieldConflict(StaffField.ROLE, "Engineer", "Lead engineer", "Architect", 2L,
                                        "carol", FieldOutcome.MINE, "Architect"),
                                new FieldConflict(StaffField.NOTES, "first programmer", "poet's daughter",
                                        "analytical engine", 1L, "bob", FieldOutcome.MINE, "analytical engine")))));
    }

    @Test
    void first_writer_wins_rejects_a_contested_update_with_base_theirs_mine_and_the_current_state() {
        StaffDetails afterBob = StaffField.ROLE.with(ADA, "Lead engineer");

        fixture.given(ADA_REGISTERED, changed(0, "bob", StaffField.ROLE, "Engineer", "Lead engineer"))
                .when(update(0, Map.of(StaffField.ROLE, "Architect", StaffField.NOTES, "analytical engine"),
                        ConflictStrategy.FIRST_WRITER_WINS, null))
                .expectNoEvents()
                .expectException(allOf(
                        staleWith("code", StaleVersionException::code, equalTo(ErrorCode.STALE_VERSION)),
                        staleWith("current", StaleVersionException::current,
                                equalTo(StaffMemberView.of(STAFF_ID, 1, true, afterBob))),
                        staleWith("conflict", StaleVersionException::conflict,
                                settlement(ConflictStrategy.FIRST_WRITER_WINS, 0, 1, contains(conflictOf(
                                        StaffField.ROLE, "Engineer", "Lead engineer", "Architect", 1L, "bob",
                                        FieldOutcome.REJECTED))))));
    }

    @Test
    void first_writer_wins_applies_a_stale_update_that_touches_only_uncontested_fields() {
        fixture.given(ADA_REGISTERED,
                        changed(0, "bob", StaffField.ROLE, "Engineer", "Lead engineer"),
                        changed(1, "carol", StaffField.WEEKLY_HOURS, 40, 32))
                .when(update(0, Map.of(StaffField.ROLE, "Lead engineer", StaffField.DEPARTMENT, "Research",
                        StaffField.NOTES, "analytical engine"), ConflictStrategy.FIRST_WRITER_WINS, null))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID, List.of(
                        new FieldChange(StaffField.DEPARTMENT, "Analytics", "Research"),
                        new FieldChange(StaffField.NOTES, "first programmer", "analytical engine")), 0, "edit",
                        new ConflictOutcome(ConflictStrategy.FIRST_WRITER_WINS, 0, 2, List.of())))
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 3,
                        new ConflictOutcome(ConflictStrategy.FIRST_WRITER_WINS, 0, 2, List.of())));
    }

    @Test
    void merge_keeps_both_sides_additions_and_removals_of_skills() {
        Set<String> base = Set.of("axon", "java", "sql");
        Set<String> theirs = Set.of("axon", "kotlin", "sql");
        Set<String> mine = Set.of("axon", "java", "spring");
        Set<String> merged = Set.of("axon", "kotlin", "spring");

        fixture.given(ADA_REGISTERED, changed(0, "bob", StaffField.SKILLS, base, theirs))
                .when(update(0, Map.of(StaffField.SKILLS, mine), ConflictStrategy.MERGE_CHANGES, null))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID,
                        List.of(new FieldChange(StaffField.SKILLS, theirs, merged)), 0, "edit",
                        new ConflictOutcome(ConflictStrategy.MERGE_CHANGES, 0, 1, List.of(
                                new FieldConflict(StaffField.SKILLS, base, theirs, mine, 1L, "bob",
                                        FieldOutcome.MERGED, merged)))));
    }

    @ParameterizedTest
    @NullSource
    @EnumSource(value = MergeTieBreak.class, names = "KEEP_THEIRS")
    void merge_keeping_theirs_the_default_leaves_a_contested_scalar_as_others_set_it(MergeTieBreak tieBreak) {
        fixture.given(ADA_REGISTERED, changed(0, "bob", StaffField.ROLE, "Engineer", "Lead engineer"))
                .when(update(0, Map.of(StaffField.ROLE, "Architect", StaffField.NOTES, "analytical engine"),
                        ConflictStrategy.MERGE_CHANGES, tieBreak))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID,
                        List.of(new FieldChange(StaffField.NOTES, "first programmer", "analytical engine")), 0, "edit",
                        new ConflictOutcome(ConflictStrategy.MERGE_CHANGES, 0, 1, List.of(
                                new FieldConflict(StaffField.ROLE, "Engineer", "Lead engineer", "Architect", 1L, "bob",
                                        FieldOutcome.THEIRS, "Lead engineer")))));
    }

    @Test
    void merge_taking_mine_applies_the_incoming_value_to_a_contested_scalar() {
        fixture.given(ADA_REGISTERED, changed(0, "bob", StaffField.ROLE, "Engineer", "Lead engineer"))
                .when(update(0, Map.of(StaffField.ROLE, "Architect", StaffField.NOTES, "analytical engine"),
                        ConflictStrategy.MERGE_CHANGES, MergeTieBreak.TAKE_MINE))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID, List.of(
                        new FieldChange(StaffField.ROLE, "Lead engineer", "Architect"),
                        new FieldChange(StaffField.NOTES, "first programmer", "analytical engine")), 0, "edit",
                        new ConflictOutcome(ConflictStrategy.MERGE_CHANGES, 0, 1, List.of(
                                new FieldConflict(StaffField.ROLE, "Engineer", "Lead engineer", "Architect", 1L, "bob",
                                        FieldOutcome.MINE, "Architect")))));
    }

    @Test
    void merge_taking_mine_does_not_let_a_resent_base_value_undo_another_edit() {
        fixture.given(ADA_REGISTERED, changed(0, "bob", StaffField.ROLE, "Engineer", "Lead engineer"))
                .when(update(0, Map.of(StaffField.ROLE, "Engineer", StaffField.NOTES, "analytical engine"),
                        ConflictStrategy.MERGE_CHANGES, MergeTieBreak.TAKE_MINE))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID,
                        List.of(new FieldChange(StaffField.NOTES, "first programmer", "analytical engine")), 0, "edit",
                        new ConflictOutcome(ConflictStrategy.MERGE_CHANGES, 0, 1, List.of(
                                new FieldConflict(StaffField.ROLE, "Engineer", "Lead engineer", "Engineer", 1L, "bob",
                                        FieldOutcome.THEIRS, "Lead engineer")))));
    }

    @Test
    void a_merge_that_changes_nothing_still_records_how_the_conflict_was_settled() {
        ConflictOutcome settled = new ConflictOutcome(ConflictStrategy.MERGE_CHANGES, 0, 1, List.of(
                new FieldConflict(StaffField.ROLE, "Engineer", "Lead engineer", "Architect", 1L, "bob",
                        FieldOutcome.THEIRS, "Lead engineer")));

        fixture.given(ADA_REGISTERED, changed(0, "bob", StaffField.ROLE, "Engineer", "Lead engineer"))
                .when(update(0, Map.of(StaffField.ROLE, "Architect"), ConflictStrategy.MERGE_CHANGES,
                        MergeTieBreak.KEEP_THEIRS))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID, List.of(), 0, "edit", settled))
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 2, settled));
    }

    @ParameterizedTest
    @EnumSource(value = ConflictStrategy.class, names = {"LAST_WRITER_WINS", "FIRST_WRITER_WINS", "MERGE_CHANGES"})
    void a_stale_update_of_a_deactivated_staff_member_is_rejected_whatever_the_strategy(ConflictStrategy strategy) {
        fixture.given(ADA_REGISTERED,
                        changed(0, "bob", StaffField.ROLE, "Engineer", "Lead engineer"),
                        by("carol", new StaffMemberDeactivatedEvent(STAFF_ID, 1, "left")))
                .when(update(0, Map.of(StaffField.NOTES, "analytical engine"), strategy, MergeTieBreak.TAKE_MINE))
                .expectNoEvents()
                .expectException(StaffMemberInactiveException.class);
    }

    @Test
    void a_stale_deactivation_after_an_unseen_reactivation_is_rejected_with_the_current_state() {
        fixture.given(ADA_REGISTERED,
                        by("bob", new StaffMemberDeactivatedEvent(STAFF_ID, 0, "left")),
                        by("carol", new StaffMemberReactivatedEvent(STAFF_ID, 1, "rehired")))
                .when(new DeactivateStaffMemberCommand(UUID.randomUUID(), STAFF_ID, 1, "left"))
                .expectNoEvents()
                .expectException(allOf(
                        staleWith("current", StaleVersionException::current,
                                equalTo(StaffMemberView.of(STAFF_ID, 2, true, ADA))),
                        staleWith("conflict", StaleVersionException::conflict, nullValue())));
    }

    private static EventMessage<?> by(String actor, Object payload) {
        return new GenericEventMessage<>(payload, MetaData.with(StaffMetaData.ACTOR, actor));
    }

    private static EventMessage<?> changed(long basedOnVersion, String actor, StaffField field, Object from,
                                           Object to) {
        return by(actor, new StaffMemberUpdatedEvent(STAFF_ID, List.of(new FieldChange(field, from, to)),
                basedOnVersion, "their edit", null));
    }

    private static UpdateStaffMemberCommand update(long expectedVersion, Map<StaffField, Object> changes,
                                                   ConflictStrategy strategy, MergeTieBreak tieBreak) {
        return new UpdateStaffMemberCommand(UUID.randomUUID(), STAFF_ID, expectedVersion, changes, "edit", strategy,
                tieBreak);
    }

    private static Matcher<ConflictOutcome> settlement(ConflictStrategy strategy, long basedOnVersion,
                                                       long currentVersion,
                                                       Matcher<? super List<FieldConflict>> contested) {
        Matcher<ConflictOutcome> versions = new FeatureMatcher<ConflictOutcome, List<Object>>(
                equalTo(List.of(strategy, basedOnVersion, currentVersion)),
                "settlement with [strategy, basedOnVersion, currentVersion]", "settlement") {
            @Override
            protected List<Object> featureValueOf(ConflictOutcome outcome) {
                return List.of(outcome.strategy(), outcome.basedOnVersion(), outcome.currentVersion());
            }
        };
        Matcher<ConflictOutcome> fields = new FeatureMatcher<ConflictOutcome, List<FieldConflict>>(contested,
                "settlement contesting", "contested") {
            @Override
            protected List<FieldConflict> featureValueOf(ConflictOutcome outcome) {
                return outcome.contested();
            }
        };
        return allOf(versions, fields);
    }

    /**
     * Every part of a rejected field but {@code result}: what a rejected field "holds afterwards" is not
     * pinned down consistently yet (FieldConflict documents null, StaleUpdate reports theirs).
     */
    private static Matcher<FieldConflict> conflictOf(StaffField field, Object base, Object theirs, Object mine,
                                                     Long theirsVersion, String theirsActor, FieldOutcome outcome) {
        return new FeatureMatcher<FieldConflict, List<Object>>(
                equalTo(Arrays.asList(field, base, theirs, mine, theirsVersion, theirsActor, outcome)),
                "field conflict with [field, base, theirs, mine, theirsVersion, theirsActor, outcome]", "conflict") {
            @Override
            protected List<Object> featureValueOf(FieldConflict c) {
                return Arrays.asList(c.field(), c.base(), c.theirs(), c.mine(), c.theirsVersion(), c.theirsActor(),
                        c.outcome());
            }
        };
    }

    private static <T> Matcher<StaleVersionException> staleWith(String name,
                                                                Function<StaleVersionException, T> feature,
                                                                Matcher<? super T> expected) {
        return new FeatureMatcher<StaleVersionException, T>(expected, "StaleVersionException with " + name, name) {
            @Override
            protected T featureValueOf(StaleVersionException exception) {
                return feature.apply(exception);
            }
        };
    }
}
