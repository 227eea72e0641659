package io.staffsync.command.staff;

import io.staffsync.api.staff.EmploymentType;
import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.FieldValue;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.StaffMetaData;
import io.staffsync.api.staff.command.ExpireStaffConflictCommand;
import io.staffsync.api.staff.command.ResolveStaffConflictCommand;
import io.staffsync.api.staff.command.UpdateStaffMemberCommand;
import io.staffsync.api.staff.conflict.ChoiceKind;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.conflict.FieldChoice;
import io.staffsync.api.staff.conflict.FieldConflict;
import io.staffsync.api.staff.conflict.FieldOutcome;
import io.staffsync.api.staff.event.StaffConflictExpiredEvent;
import io.staffsync.api.staff.event.StaffConflictRaisedEvent;
import io.staffsync.api.staff.event.StaffConflictResolvedEvent;
import io.staffsync.api.staff.event.StaffMemberDeactivatedEvent;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.startsWith;

/**
 * USER_CHOICE: a stale update with contested fields is parked as a pending conflict, which a person
 * resolves or its deadline expires. The shared history: Ada registered (version 0); bob, carol and dave
 * change role, weekly hours and skills (versions 1-3); alice, still on version 0, asks for a new role,
 * hours, skills and notes, which raises a conflict (version 4) over the first three.
 */
class StaffMemberUserChoiceTest {

    private static final String STAFF_ID = "staff-1";
    private static final UUID RAISING_COMMAND_ID = UUID.fromString("6f1c2a4e-0b7d-4c59-9a38-2f4e6d8b1c03");
    private static final UUID CONFLICT_ID = UUID.nameUUIDFromBytes(RAISING_COMMAND_ID.toString().getBytes(UTF_8));
    private static final Instant DEADLINE = Instant.parse("2030-01-01T12:00:00Z");

    private static final Set<String> BASE_SKILLS = Set.of("axon", "java", "sql");
    private static final Set<String> THEIR_SKILLS = Set.of("axon", "kotlin", "sql");
    private static final Set<String> MY_SKILLS = Set.of("axon", "java", "spring");
    private static final Set<String> MERGED_SKILLS = Set.of("axon", "kotlin", "spring");

    private static final StaffDetails ADA = new StaffDetails("Ada", "Lovelace", "ada@example.org",
            "+44 20 7946 0958", "Engineer", "Analytics", EmploymentType.FULL_TIME, 40, BASE_SKILLS,
            "first programmer");
    private static final StaffDetails ADA_BEFORE_ALICE = new StaffDetails("Ada", "Lovelace", "ada@example.org",
            "+44 20 7946 0958", "Lead engineer", "Analytics", EmploymentType.FULL_TIME, 32, THEIR_SKILLS,
            "first programmer");

    private static final List<EventMessage<?>> CHANGED_BY_OTHERS = List.of(
            by("admin", new StaffMemberRegisteredEvent(STAFF_ID, ADA, "hired")),
            changed(0, "bob", StaffField.ROLE, "Engineer", "Lead engineer"),
            changed(1, "carol", StaffField.WEEKLY_HOURS, 40, 32),
            changed(2, "dave", StaffField.SKILLS, BASE_SKILLS, THEIR_SKILLS));

    private static final FieldConflict ROLE_CONTESTED = new FieldConflict(StaffField.ROLE, "Engineer",
            "Lead engineer", "Architect", 1L, "bob", FieldOutcome.PENDING, null);
    private static final FieldConflict HOURS_CONTESTED = new FieldConflict(StaffField.WEEKLY_HOURS, 40, 32, 36, 2L,
            "carol", FieldOutcome.PENDING, null);
    private static final FieldConflict SKILLS_CONTESTED = new FieldConflict(StaffField.SKILLS, BASE_SKILLS,
            THEIR_SKILLS, MY_SKILLS, 3L, "dave", FieldOutcome.PENDING, null);
    private static final ConflictOutcome PENDING_CONFLICT = new ConflictOutcome(ConflictStrategy.USER_CHOICE, 0, 3,
            List.of(ROLE_CONTESTED, HOURS_CONTESTED, SKILLS_CONTESTED), CONFLICT_ID);
    private static final List<FieldValue> ALICE_ASKED = List.of(
            new FieldValue(StaffField.ROLE, "Architect"),
            new FieldValue(StaffField.WEEKLY_HOURS, 36),
            new FieldValue(StaffField.SKILLS, MY_SKILLS),
            new FieldValue(StaffField.NOTES, "analytical engine"));
    private static final FieldChange NOTES_CHANGED =
            new FieldChange(StaffField.NOTES, "first programmer", "analytical engine");

    private AggregateTestFixture<StaffMember> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(StaffMember.class);
    }

    @Test
    void a_stale_user_choice_update_with_contested_fields_only_raises_a_conflict_with_all_it_asked_for() {
        fixture.given(CHANGED_BY_OTHERS)
                .when(alicesUpdate(DEADLINE, ConflictStrategy.LAST_WRITER_WINS), actor("alice"))
                .expectEvents(raised(DEADLINE, ConflictStrategy.LAST_WRITER_WINS))
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 4, PENDING_CONFLICT));
    }

    @Test
    void a_conflict_raised_without_deadline_or_fallback_never_expires_and_falls_back_to_first_writer_wins() {
        UpdateStaffMemberCommand withoutDeadline = new UpdateStaffMemberCommand(RAISING_COMMAND_ID, STAFF_ID, 0,
                alicesChanges(), "edit", ConflictStrategy.USER_CHOICE, null);

        fixture.given(CHANGED_BY_OTHERS)
                .when(withoutDeadline, actor("alice"))
                .expectEvents(raised(null, ConflictStrategy.FIRST_WRITER_WINS));
    }

    @Test
    void a_raised_conflict_changes_no_details() {
        Map<StaffField, Object> detailsBeforeAlice = Map.of(StaffField.ROLE, "Lead engineer",
                StaffField.WEEKLY_HOURS, 32, StaffField.SKILLS, THEIR_SKILLS, StaffField.NOTES, "first programmer");

        fixture.given(withPendingConflict(ConflictStrategy.FIRST_WRITER_WINS))
                .when(new UpdateStaffMemberCommand(UUID.randomUUID(), STAFF_ID, 4, detailsBeforeAlice, "check",
                        ConflictStrategy.USER_CHOICE, null), actor("erin"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 4, null));
    }

    @Test
    void a_stale_user_choice_update_with_nothing_contested_is_applied_at_once() {
        ConflictOutcome nothingContested = new ConflictOutcome(ConflictStrategy.USER_CHOICE, 0, 3, List.of());

        fixture.given(CHANGED_BY_OTHERS)
                .when(new UpdateStaffMemberCommand(UUID.randomUUID(), STAFF_ID, 0,
                        Map.of(StaffField.ROLE, "Lead engineer", StaffField.NOTES, "analytical engine"), "edit",
                        ConflictStrategy.USER_CHOICE, null, DEADLINE, ConflictStrategy.LAST_WRITER_WINS),
                        actor("alice"))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID, List.of(NOTES_CHANGED), 0, "edit",
                        nothingContested))
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 4, nothingContested));
    }

    @Test
    void resolving_records_each_choice_then_applies_the_chosen_values_and_the_uncontested_fields() {
        ConflictOutcome resolution = new ConflictOutcome(ConflictStrategy.USER_CHOICE, 0, 4, List.of(
                ROLE_CONTESTED.settled(FieldOutcome.MINE, "Architect"),
                HOURS_CONTESTED.settled(FieldOutcome.EXPLICIT, 30),
                SKILLS_CONTESTED.settled(FieldOutcome.THEIRS, THEIR_SKILLS)), CONFLICT_ID);

        fixture.given(withPendingConflict(ConflictStrategy.FIRST_WRITER_WINS))
                .when(resolve(4, choices(mine(), value(30L), theirs())), actor("erin"))
                .expectEvents(
                        new StaffConflictResolvedEvent(STAFF_ID, resolution, "erin", "settled"),
                        new StaffMemberUpdatedEvent(STAFF_ID, List.of(
                                new FieldChange(StaffField.ROLE, "Lead engineer", "Architect"),
                                new FieldChange(StaffField.WEEKLY_HOURS, 32, 30),
                                NOTES_CHANGED), 4, "edit", resolution))
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 6, resolution));
    }

    @Test
    void resolving_with_theirs_for_every_contested_field_applies_only_the_uncontested_fields() {
        ConflictOutcome resolution = new ConflictOutcome(ConflictStrategy.USER_CHOICE, 0, 4, List.of(
                ROLE_CONTESTED.settled(FieldOutcome.THEIRS, "Lead engineer"),
                HOURS_CONTESTED.settled(FieldOutcome.THEIRS, 32),
                SKILLS_CONTESTED.settled(FieldOutcome.THEIRS, THEIR_SKILLS)), CONFLICT_ID);

        fixture.given(withPendingConflict(ConflictStrategy.FIRST_WRITER_WINS))
                .when(resolve(4, choices(theirs(), theirs(), theirs())), actor("erin"))
                .expectEvents(
                        new StaffConflictResolvedEvent(STAFF_ID, resolution, "erin", "settled"),
                        new StaffMemberUpdatedEvent(STAFF_ID, List.of(NOTES_CHANGED), 4, "edit", resolution));
    }

    @Test
    void a_resolution_based_on_a_version_before_later_changes_is_rejected_as_stale_with_the_pending_conflict() {
        StaffDetails current = StaffField.DEPARTMENT.with(ADA_BEFORE_ALICE, "Research");

        fixture.given(withPendingConflict(ConflictStrategy.FIRST_WRITER_WINS))
                .andGiven(changed(4, "frank", StaffField.DEPARTMENT, "Analytics", "Research"))
                .when(resolve(4, choices(mine(), mine(), mine())), actor("erin"))
                .expectNoEvents()
                .expectException(allOf(
                        rejection(StaleVersionException.class, ErrorCode.STALE_VERSION, "expectedVersion"),
                        // the tail of the message counts the pending conflict's fields, not what changed since
                        feature(StaleVersionException.class, "message", Throwable::getMessage,
                                startsWith("expectedVersion 4 is stale: staff member staff-1 is at version 5")),
                        feature(StaleVersionException.class, "current", StaleVersionException::current,
                                equalTo(StaffMemberView.of(STAFF_ID, 5, true, current))),
                        feature(StaleVersionException.class, "conflict", StaleVersionException::conflict,
                                equalTo(PENDING_CONFLICT))));
    }

    @Test
    void a_resolution_missing_a_choice_for_a_contested_field_is_rejected_naming_that_field() {
        Map<StaffField, FieldChoice> withoutHours = new EnumMap<>(StaffField.class);
        withoutHours.put(StaffField.ROLE, mine());
        withoutHours.put(StaffField.SKILLS, theirs());

        fixture.given(withPendingConflict(ConflictStrategy.FIRST_WRITER_WINS))
                .when(resolve(4, withoutHours), actor("erin"))
                .expectNoEvents()
                .expectException(rejection(InvalidStaffDetailsException.class, ErrorCode.INVALID, "weeklyHours",
                        "choose MINE, THEIRS or VALUE for contested field weeklyHours"));
    }

    @Test
    void a_choice_without_a_kind_counts_as_missing() {
        fixture.given(withPendingConflict(ConflictStrategy.FIRST_WRITER_WINS))
                .when(resolve(4, choices(mine(), new FieldChoice(null, 30), theirs())), actor("erin"))
                .expectNoEvents()
                .expectException(rejection(InvalidStaffDetailsException.class, ErrorCode.INVALID, "weeklyHours",
                        "choose MINE, THEIRS or VALUE for contested field weeklyHours"));
    }

    @Test
    void a_resolution_choosing_for_a_field_that_is_not_contested_is_rejected_naming_that_field() {
        Map<StaffField, FieldChoice> withNotes = choices(mine(), mine(), mine());
        withNotes.put(StaffField.NOTES, mine());

        fixture.given(withPendingConflict(ConflictStrategy.FIRST_WRITER_WINS))
                .when(resolve(4, withNotes), actor("erin"))
                .expectNoEvents()
                .expectException(rejection(InvalidStaffDetailsException.class, ErrorCode.INVALID, "notes",
                        "notes is not contested in conflict " + CONFLICT_ID));
    }

    @Test
    void a_resolution_with_an_invalid_value_of_its_own_is_rejected_naming_the_field() {
        fixture.given(withPendingConflict(ConflictStrategy.FIRST_WRITER_WINS))
                .when(resolve(4, choices(mine(), value(99), mine())), actor("erin"))
                .expectNoEvents()
                .expectException(rejection(InvalidStaffDetailsException.class, ErrorCode.INVALID, "weeklyHours",
                        "weeklyHours must be between 0 and 80, was 99"));
    }

    @Test
    void resolving_a_conflict_that_was_never_raised_is_rejected_as_not_pending() {
        UUID unknown = UUID.fromString("00000000-0000-0000-0000-00000000beef");

        fixture.given(withPendingConflict(ConflictStrategy.FIRST_WRITER_WINS))
                .when(new ResolveStaffConflictCommand(UUID.randomUUID(), STAFF_ID, 4, unknown,
                        choices(mine(), mine(), mine()), "settled"), actor("erin"))
                .expectNoEvents()
                .expectException(notPending(unknown));
    }

    @Test
    void resolving_a_conflict_twice_is_rejected_as_not_pending() {
        fixture.given(withPendingConflict(ConflictStrategy.FIRST_WRITER_WINS))
                .andGiven(resolvedByErin())
                .when(resolve(6, choices(mine(), mine(), mine())), actor("frank"))
                .expectNoEvents()
                .expectException(notPending(CONFLICT_ID));
    }

    @Test
    void resolving_an_expired_conflict_is_rejected_as_not_pending() {
        fixture.given(withPendingConflict(ConflictStrategy.FIRST_WRITER_WINS))
                .andGiven(new StaffConflictExpiredEvent(STAFF_ID, new ConflictOutcome(
                        ConflictStrategy.FIRST_WRITER_WINS, 0, 4, List.of(
                        ROLE_CONTESTED.settled(FieldOutcome.REJECTED, "Lead engineer"),
                        HOURS_CONTESTED.settled(FieldOutcome.REJECTED, 32),
                        SKILLS_CONTESTED.settled(FieldOutcome.REJECTED, THEIR_SKILLS)), CONFLICT_ID)))
                .when(resolve(5, choices(mine(), mine(), mine())), actor("erin"))
                .expectNoEvents()
                .expectException(notPending(CONFLICT_ID));
    }

    @Test
    void expiry_falling_back_to_first_writer_wins_rejects_every_contested_field_and_applies_nothing() {
        fixture.given(withPendingConflict(ConflictStrategy.FIRST_WRITER_WINS))
                .when(expire())
                .expectEvents(new StaffConflictExpiredEvent(STAFF_ID, new ConflictOutcome(
                        ConflictStrategy.FIRST_WRITER_WINS, 0, 4, List.of(
                        ROLE_CONTESTED.settled(FieldOutcome.REJECTED, "Lead engineer"),
                        HOURS_CONTESTED.settled(FieldOutcome.REJECTED, 32),
                        SKILLS_CONTESTED.settled(FieldOutcome.REJECTED, THEIR_SKILLS)), CONFLICT_ID)))
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 5, null));
    }

    @Test
    void expiry_falling_back_to_last_writer_wins_applies_everything_that_was_asked() {
        ConflictOutcome expiry = new ConflictOutcome(ConflictStrategy.LAST_WRITER_WINS, 0, 4, List.of(
                ROLE_CONTESTED.settled(FieldOutcome.MINE, "Architect"),
                HOURS_CONTESTED.settled(FieldOutcome.MINE, 36),
                SKILLS_CONTESTED.settled(FieldOutcome.MINE, MY_SKILLS)), CONFLICT_ID);

        fixture.given(withPendingConflict(ConflictStrategy.LAST_WRITER_WINS))
                .when(expire())
                .expectEvents(
                        new StaffConflictExpiredEvent(STAFF_ID, expiry),
                        new StaffMemberUpdatedEvent(STAFF_ID, List.of(
                                new FieldChange(StaffField.ROLE, "Lead engineer", "Architect"),
                                new FieldChange(StaffField.WEEKLY_HOURS, 32, 36),
                                new FieldChange(StaffField.SKILLS, THEIR_SKILLS, MY_SKILLS),
                                NOTES_CHANGED), 0, "edit", expiry))
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 6, null));
    }

    @Test
    void expiry_falling_back_to_merge_keeps_contested_scalars_as_others_set_them_and_merges_skills() {
        ConflictOutcome expiry = new ConflictOutcome(ConflictStrategy.MERGE_CHANGES, 0, 4, List.of(
                ROLE_CONTESTED.settled(FieldOutcome.THEIRS, "Lead engineer"),
                HOURS_CONTESTED.settled(FieldOutcome.THEIRS, 32),
                SKILLS_CONTESTED.settled(FieldOutcome.MERGED, MERGED_SKILLS)), CONFLICT_ID);

        fixture.given(withPendingConflict(ConflictStrategy.MERGE_CHANGES))
                .when(expire())
                .expectEvents(
                        new StaffConflictExpiredEvent(STAFF_ID, expiry),
                        new StaffMemberUpdatedEvent(STAFF_ID, List.of(
                                new FieldChange(StaffField.SKILLS, THEIR_SKILLS, MERGED_SKILLS),
                                NOTES_CHANGED), 0, "edit", expiry));
    }

    @Test
    void expiry_of_a_staff_member_deactivated_meanwhile_rejects_every_contested_field_whatever_the_fallback() {
        fixture.given(withPendingConflict(ConflictStrategy.LAST_WRITER_WINS))
                .andGiven(by("frank", new StaffMemberDeactivatedEvent(STAFF_ID, 4, "left")))
                .when(expire())
                .expectEvents(new StaffConflictExpiredEvent(STAFF_ID, new ConflictOutcome(
                        ConflictStrategy.LAST_WRITER_WINS, 0, 5, List.of(
                        ROLE_CONTESTED.settled(FieldOutcome.REJECTED, "Lead engineer"),
                        HOURS_CONTESTED.settled(FieldOutcome.REJECTED, 32),
                        SKILLS_CONTESTED.settled(FieldOutcome.REJECTED, THEIR_SKILLS)), CONFLICT_ID)));
    }

    @Test
    void expiry_of_a_conflict_resolved_meanwhile_changes_nothing() {
        fixture.given(withPendingConflict(ConflictStrategy.LAST_WRITER_WINS))
                .andGiven(resolvedByErin())
                .when(expire())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 6, null));
    }

    @Test
    void a_conflict_stored_as_json_is_rebuilt_and_can_be_resolved() {
        FieldConflict roleStored = new FieldConflict(StaffField.ROLE, "Engineer", "Lead engineer", "Architect", 1L,
                "bob", FieldOutcome.PENDING, null);
        FieldConflict hoursStored = new FieldConflict(StaffField.WEEKLY_HOURS, 40L, 32L, 36L, 2L, "carol",
                FieldOutcome.PENDING, null);
        FieldConflict skillsStored = new FieldConflict(StaffField.SKILLS, List.of("axon", "java", "sql"),
                List.of("axon", "kotlin", "sql"), List.of("axon", "java", "spring"), 3L, "dave",
                FieldOutcome.PENDING, null);
        StaffConflictRaisedEvent storedAsJson = new StaffConflictRaisedEvent(STAFF_ID,
                new ConflictOutcome(ConflictStrategy.USER_CHOICE, 0, 3, List.of(roleStored, hoursStored, skillsStored),
                        CONFLICT_ID),
                List.of(new FieldValue(StaffField.ROLE, "Architect"),
                        new FieldValue(StaffField.WEEKLY_HOURS, 36L),
                        new FieldValue(StaffField.SKILLS, List.of("axon", "java", "spring")),
                        new FieldValue(StaffField.NOTES, "analytical engine")),
                "alice", "edit", DEADLINE, ConflictStrategy.FIRST_WRITER_WINS);
        ConflictOutcome resolution = new ConflictOutcome(ConflictStrategy.USER_CHOICE, 0, 4, List.of(
                roleStored.settled(FieldOutcome.THEIRS, "Lead engineer"),
                hoursStored.settled(FieldOutcome.MINE, 36L),
                skillsStored.settled(FieldOutcome.MINE, List.of("axon", "java", "spring"))), CONFLICT_ID);

        fixture.given(CHANGED_BY_OTHERS)
                .andGiven(by("alice", storedAsJson))
                .when(resolve(4, choices(theirs(), mine(), mine())), actor("erin"))
                .expectEvents(
                        new StaffConflictResolvedEvent(STAFF_ID, resolution, "erin", "settled"),
                        new StaffMemberUpdatedEvent(STAFF_ID, List.of(
                                new FieldChange(StaffField.WEEKLY_HOURS, 32, 36),
                                new FieldChange(StaffField.SKILLS, THEIR_SKILLS, MY_SKILLS),
                                NOTES_CHANGED), 4, "edit", resolution));
    }

    @Test
    void an_uncontested_field_someone_changed_while_the_conflict_waited_keeps_the_newer_value() {
        fixture.given(withPendingConflict(ConflictStrategy.FIRST_WRITER_WINS))
                .andGiven(changed(4, "frank", StaffField.NOTES, "first programmer", "frank's notes"))
                .when(resolve(5, choices(theirs(), theirs(), theirs())), actor("erin"))
                .expectEvents(new StaffConflictResolvedEvent(STAFF_ID, new ConflictOutcome(ConflictStrategy.USER_CHOICE,
                                0, 5, List.of(
                                new FieldConflict(StaffField.NOTES, "first programmer", "frank's notes",
                                        "analytical engine", 5L, null, FieldOutcome.THEIRS, "frank's notes"),
                                ROLE_CONTESTED.settled(FieldOutcome.THEIRS, "Lead engineer"),
                                HOURS_CONTESTED.settled(FieldOutcome.THEIRS, 32),
                                SKILLS_CONTESTED.settled(FieldOutcome.THEIRS, THEIR_SKILLS)), CONFLICT_ID),
                                "erin", "settled"),
                        new StaffMemberUpdatedEvent(STAFF_ID, List.of(), 5, "edit", new ConflictOutcome(
                                ConflictStrategy.USER_CHOICE, 0, 5, List.of(
                                new FieldConflict(StaffField.NOTES, "first programmer", "frank's notes",
                                        "analytical engine", 5L, null, FieldOutcome.THEIRS, "frank's notes"),
                                ROLE_CONTESTED.settled(FieldOutcome.THEIRS, "Lead engineer"),
                                HOURS_CONTESTED.settled(FieldOutcome.THEIRS, 32),
                                SKILLS_CONTESTED.settled(FieldOutcome.THEIRS, THEIR_SKILLS)), CONFLICT_ID)));
    }

    private static Map<StaffField, Object> alicesChanges() {
        return Map.of(StaffField.ROLE, "Architect", StaffField.WEEKLY_HOURS, 36,
                StaffField.SKILLS, List.of("spring", "java", "axon"), StaffField.NOTES, "analytical engine");
    }

    private static UpdateStaffMemberCommand alicesUpdate(Instant deadline, ConflictStrategy fallback) {
        return new UpdateStaffMemberCommand(RAISING_COMMAND_ID, STAFF_ID, 0, alicesChanges(), "edit",
                ConflictStrategy.USER_CHOICE, null, deadline, fallback);
    }

    private static StaffConflictRaisedEvent raised(Instant deadline, ConflictStrategy fallback) {
        return new StaffConflictRaisedEvent(STAFF_ID, PENDING_CONFLICT, ALICE_ASKED, "alice", "edit", deadline,
                fallback);
    }

    private static List<EventMessage<?>> withPendingConflict(ConflictStrategy fallback) {
        List<EventMessage<?>> history = new ArrayList<>(CHANGED_BY_OTHERS);
        history.add(by("alice", raised(DEADLINE, fallback)));
        return history;
    }

    /** Erin's resolution (version 5) and the update it applied (version 6). */
    private static List<EventMessage<?>> resolvedByErin() {
        ConflictOutcome resolution = new ConflictOutcome(ConflictStrategy.USER_CHOICE, 0, 4, List.of(
                ROLE_CONTESTED.settled(FieldOutcome.MINE, "Architect"),
                HOURS_CONTESTED.settled(FieldOutcome.MINE, 36),
                SKILLS_CONTESTED.settled(FieldOutcome.MINE, MY_SKILLS)), CONFLICT_ID);
        return List.of(
                by("erin", new StaffConflictResolvedEvent(STAFF_ID, resolution, "erin", "settled")),
                by("erin", new StaffMemberUpdatedEvent(STAFF_ID, List.of(
                        new FieldChange(StaffField.ROLE, "Lead engineer", "Architect"),
                        new FieldChange(StaffField.WEEKLY_HOURS, 32, 36),
                        new FieldChange(StaffField.SKILLS, THEIR_SKILLS, MY_SKILLS),
                        NOTES_CHANGED), 4, "edit", resolution)));
    }

    private static ResolveStaffConflictCommand resolve(long expectedVersion, Map<StaffField, FieldChoice> choices) {
        return new ResolveStaffConflictCommand(UUID.randomUUID(), STAFF_ID, expectedVersion, CONFLICT_ID, choices,
                "settled");
    }

    private static ExpireStaffConflictCommand expire() {
        return new ExpireStaffConflictCommand(UUID.randomUUID(), STAFF_ID, CONFLICT_ID);
    }

    /** Choices for the contested role, weekly hours and skills, in that order. */
    private static Map<StaffField, FieldChoice> choices(FieldChoice role, FieldChoice hours, FieldChoice skills) {
        Map<StaffField, FieldChoice> choices = new EnumMap<>(StaffField.class);
        choices.put(StaffField.ROLE, role);
        choices.put(StaffField.WEEKLY_HOURS, hours);
        choices.put(StaffField.SKILLS, skills);
        return choices;
    }

    private static FieldChoice mine() {
        return new FieldChoice(ChoiceKind.MINE, null);
    }

    private static FieldChoice theirs() {
        return new FieldChoice(ChoiceKind.THEIRS, null);
    }

    private static FieldChoice value(Object value) {
        return new FieldChoice(ChoiceKind.VALUE, value);
    }

    private static MetaData actor(String actor) {
        return MetaData.with(StaffMetaData.ACTOR, actor);
    }

    private static EventMessage<?> by(String actor, Object payload) {
        return new GenericEventMessage<>(payload, actor(actor));
    }

    private static EventMessage<?> changed(long basedOnVersion, String actor, StaffField field, Object from,
                                           Object to) {
        return by(actor, new StaffMemberUpdatedEvent(STAFF_ID, List.of(new FieldChange(field, from, to)),
                basedOnVersion, "their edit", null));
    }

    private static Matcher<Object> notPending(UUID conflictId) {
        return rejection(ConflictNotPendingException.class, ErrorCode.CONFLICT_NOT_PENDING, "conflictId",
                "no pending conflict " + conflictId + " on staff member " + STAFF_ID);
    }

    private static <E extends StaffCommandRejectedException> Matcher<Object> rejection(Class<E> type, ErrorCode code,
                                                                                      String field, String message) {
        return allOf(rejection(type, code, field),
                feature(type, "message", Throwable::getMessage, equalTo(message)));
    }

    private static <E extends StaffCommandRejectedException> Matcher<Object> rejection(Class<E> type, ErrorCode code,
                                                                                      String field) {
        return allOf(instanceOf(type),
                feature(type, "code", StaffCommandRejectedException::code, equalTo(code)),
                feature(type, "field", StaffCommandRejectedException::field, equalTo(field)));
    }

    private static <E, T> Matcher<Object> feature(Class<E> type, String name, Function<? super E, T> feature,
                                                  Matcher<? super T> expected) {
        return allOf(instanceOf(type), new FeatureMatcher<Object, T>(expected,
                type.getSimpleName() + " with " + name, name) {
            @Override
            protected T featureValueOf(Object exception) {
                return feature.apply(type.cast(exception));
            }
        });
    }
}
