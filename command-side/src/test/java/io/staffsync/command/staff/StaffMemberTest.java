package io.staffsync.command.staff;

import io.staffsync.api.staff.EmploymentType;
import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.command.DeactivateStaffMemberCommand;
import io.staffsync.api.staff.command.ReactivateStaffMemberCommand;
import io.staffsync.api.staff.command.RegisterStaffMemberCommand;
import io.staffsync.api.staff.command.UpdateStaffMemberCommand;
import io.staffsync.api.staff.event.StaffMemberDeactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberReactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberRegisteredEvent;
import io.staffsync.api.staff.event.StaffMemberUpdatedEvent;
import io.staffsync.api.staff.query.StaffMemberView;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.FeatureMatcher;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.axonframework.test.matchers.Matchers.predicate;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;

class StaffMemberTest {

    private static final String STAFF_ID = "staff-1";
    private static final StaffDetails ADA = new StaffDetails("Ada", "Lovelace", "ada@example.org",
            "+44 20 7946 0958", "Engineer", "Analytics", EmploymentType.FULL_TIME, 40, Set.of("axon", "math"),
            "first programmer");
    private static final StaffMemberRegisteredEvent ADA_REGISTERED =
            new StaffMemberRegisteredEvent(STAFF_ID, ADA, "hired");
    private static final StaffMemberUpdatedEvent ADA_PROMOTED = new StaffMemberUpdatedEvent(STAFF_ID,
            List.of(new FieldChange(StaffField.ROLE, "Engineer", "Lead engineer")), 0, "promotion", null);
    private static final StaffDetails ADA_AFTER_PROMOTION = StaffField.ROLE.with(ADA, "Lead engineer");

    private AggregateTestFixture<StaffMember> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(StaffMember.class);
    }

    @Test
    void registering_a_valid_staff_member_emits_registered_event() {
        fixture.givenNoPriorActivity()
                .when(register(ADA))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new StaffMemberRegisteredEvent(STAFF_ID, ADA, "hired"));
    }

    @Test
    void registration_records_text_fields_trimmed() {
        StaffDetails untrimmed = new StaffDetails("  Ada ", "\tLovelace", " ada@example.org ",
                " +44 20 7946 0958 ", " Engineer", "Analytics  ", EmploymentType.FULL_TIME, 40,
                Set.of("axon", "math"), "  first programmer\n");

        fixture.givenNoPriorActivity()
                .when(register(untrimmed))
                .expectEvents(new StaffMemberRegisteredEvent(STAFF_ID, ADA, "hired"));
    }

    @Test
    void registration_records_skills_trimmed_and_sorted() {
        StaffDetails details = StaffField.SKILLS.with(ADA, Set.of(" kotlin", "java ", "axon", "axon "));

        fixture.givenNoPriorActivity()
                .when(register(details))
                .expectEventsMatching(exactSequenceOf(
                        messageWithPayload(predicate((StaffMemberRegisteredEvent event) ->
                                new ArrayList<>(event.details().skills()).equals(List.of("axon", "java", "kotlin")))),
                        andNoMore()));
    }

    @Test
    void registration_clears_blank_optional_fields() {
        StaffDetails details = StaffField.NOTES.with(StaffField.ROLE.with(ADA, "   "), "");

        fixture.givenNoPriorActivity()
                .when(register(details))
                .expectEvents(new StaffMemberRegisteredEvent(STAFF_ID,
                        StaffField.NOTES.with(StaffField.ROLE.with(ADA, null), null), "hired"));
    }

    @ParameterizedTest
    @EnumSource(value = StaffField.class, names = {"FIRST_NAME", "LAST_NAME", "EMAIL"})
    void registration_without_a_required_field_is_rejected_naming_that_field(StaffField required) {
        fixture.givenNoPriorActivity()
                .when(register(required.with(ADA, null)))
                .expectNoEvents()
                .expectException(invalidDetailsOf(required.wireName()));
    }

    @ParameterizedTest
    @EnumSource(value = StaffField.class, names = {"FIRST_NAME", "LAST_NAME", "EMAIL"})
    void registration_with_a_blank_required_field_is_rejected_naming_that_field(StaffField required) {
        fixture.givenNoPriorActivity()
                .when(register(required.with(ADA, "   ")))
                .expectNoEvents()
                .expectException(invalidDetailsOf(required.wireName()));
    }

    @Test
    void registration_without_details_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(register(null))
                .expectNoEvents()
                .expectException(invalidDetailsOf("fields"));
    }

    @Test
    void registration_with_an_invalid_email_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(register(StaffField.EMAIL.with(ADA, "ada@example")))
                .expectNoEvents()
                .expectException(invalidDetailsOf("email"));
    }

    @ParameterizedTest
    @ValueSource(ints = {81, -1})
    void registration_with_weekly_hours_outside_0_to_80_is_rejected(int weeklyHours) {
        fixture.givenNoPriorActivity()
                .when(register(StaffField.WEEKLY_HOURS.with(ADA, weeklyHours)))
                .expectNoEvents()
                .expectException(invalidDetailsOf("weeklyHours"));
    }

    @Test
    void update_emits_only_the_fields_that_changed_with_old_and_new_values() {
        Map<StaffField, Object> changes = new LinkedHashMap<>();
        changes.put(StaffField.WEEKLY_HOURS, 32);
        changes.put(StaffField.FIRST_NAME, "Ada");
        changes.put(StaffField.ROLE, "Lead engineer");
        changes.put(StaffField.EMPLOYMENT_TYPE, EmploymentType.FULL_TIME);

        fixture.given(ADA_REGISTERED)
                .when(update(0, changes))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID, List.of(
                        new FieldChange(StaffField.ROLE, "Engineer", "Lead engineer"),
                        new FieldChange(StaffField.WEEKLY_HOURS, 40, 32)), 0, "edit", null));
    }

    @Test
    void update_event_is_based_on_the_version_the_command_expected() {
        fixture.given(ADA_REGISTERED, ADA_PROMOTED)
                .when(update(1, Map.of(StaffField.DEPARTMENT, "Research")))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID,
                        List.of(new FieldChange(StaffField.DEPARTMENT, "Analytics", "Research")), 1, "edit", null));
    }

    @Test
    void update_returns_the_version_after_its_event() {
        fixture.given(ADA_REGISTERED, ADA_PROMOTED)
                .when(update(1, Map.of(StaffField.DEPARTMENT, "Research")))
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 2, null));
    }

    @Test
    void update_compares_against_the_state_left_by_earlier_updates() {
        fixture.given(ADA_REGISTERED, ADA_PROMOTED)
                .when(update(1, Map.of(StaffField.ROLE, "Engineer")))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID,
                        List.of(new FieldChange(StaffField.ROLE, "Lead engineer", "Engineer")), 1, "edit", null));
    }

    @Test
    void a_patch_that_changes_nothing_emits_no_event_and_returns_the_unchanged_version() {
        fixture.given(ADA_REGISTERED, ADA_PROMOTED)
                .when(update(1, Map.of(StaffField.ROLE, "Lead engineer", StaffField.WEEKLY_HOURS, 40)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 1, null));
    }

    @Test
    void a_patch_that_differs_only_by_surrounding_whitespace_changes_nothing() {
        fixture.given(ADA_REGISTERED)
                .when(update(0, Map.of(StaffField.FIRST_NAME, "  Ada ")))
                .expectNoEvents()
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 0, null));
    }

    @Test
    void update_reads_json_shaped_values_of_earlier_update_events() {
        StaffMemberUpdatedEvent storedAsJson = new StaffMemberUpdatedEvent(STAFF_ID, List.of(
                new FieldChange(StaffField.EMPLOYMENT_TYPE, "FULL_TIME", "PART_TIME"),
                new FieldChange(StaffField.WEEKLY_HOURS, 40L, 20L),
                new FieldChange(StaffField.SKILLS, List.of("axon", "math"), List.of("math", "java"))), 0, "json", null);

        fixture.given(ADA_REGISTERED, storedAsJson)
                .when(update(1, Map.of(StaffField.EMPLOYMENT_TYPE, EmploymentType.PART_TIME,
                        StaffField.WEEKLY_HOURS, 20,
                        StaffField.SKILLS, Set.of("java", "math"))))
                .expectNoEvents()
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 1, null));
    }

    @Test
    void clearing_an_optional_field_records_the_old_value_and_null() {
        Map<StaffField, Object> changes = new HashMap<>();
        changes.put(StaffField.PHONE, null);

        fixture.given(ADA_REGISTERED)
                .when(update(0, changes))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID,
                        List.of(new FieldChange(StaffField.PHONE, "+44 20 7946 0958", null)), 0, "edit", null));
    }

    @Test
    void clearing_a_required_field_is_rejected() {
        Map<StaffField, Object> changes = new HashMap<>();
        changes.put(StaffField.EMAIL, null);

        fixture.given(ADA_REGISTERED)
                .when(update(0, changes))
                .expectNoEvents()
                .expectException(invalidDetailsOf("email"));
    }

    @Test
    void update_with_an_invalid_value_is_rejected_naming_the_field() {
        fixture.given(ADA_REGISTERED)
                .when(update(0, Map.of(StaffField.ROLE, "Lead engineer", StaffField.WEEKLY_HOURS, 81)))
                .expectNoEvents()
                .expectException(invalidDetailsOf("weeklyHours"));
    }

    @Test
    void update_of_a_deactivated_staff_member_is_rejected() {
        fixture.given(ADA_REGISTERED, new StaffMemberDeactivatedEvent(STAFF_ID, 0, "left"))
                .when(update(1, Map.of(StaffField.ROLE, "Lead engineer")))
                .expectNoEvents()
                .expectException(StaffMemberInactiveException.class);
    }

    @Test
    void deactivating_an_active_staff_member_emits_deactivated_event() {
        fixture.given(ADA_REGISTERED, ADA_PROMOTED)
                .when(new DeactivateStaffMemberCommand(UUID.randomUUID(), STAFF_ID, 1, "left"))
                .expectEvents(new StaffMemberDeactivatedEvent(STAFF_ID, 1, "left"))
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 2, null));
    }

    @Test
    void deactivating_twice_emits_no_second_event() {
        fixture.given(ADA_REGISTERED, new StaffMemberDeactivatedEvent(STAFF_ID, 0, "left"))
                .when(new DeactivateStaffMemberCommand(UUID.randomUUID(), STAFF_ID, 1, "left again"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 1, null));
    }

    @Test
    void reactivating_a_deactivated_staff_member_emits_reactivated_event() {
        fixture.given(ADA_REGISTERED, new StaffMemberDeactivatedEvent(STAFF_ID, 0, "left"))
                .when(new ReactivateStaffMemberCommand(UUID.randomUUID(), STAFF_ID, 1, "rehired"))
                .expectEvents(new StaffMemberReactivatedEvent(STAFF_ID, 1, "rehired"))
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 2, null));
    }

    @Test
    void reactivating_an_active_staff_member_emits_no_event() {
        fixture.given(ADA_REGISTERED)
                .when(new ReactivateStaffMemberCommand(UUID.randomUUID(), STAFF_ID, 0, "rehired"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new StaffCommandOutcome(STAFF_ID, 0, null));
    }

    @Test
    void a_reactivated_staff_member_can_be_updated_again() {
        fixture.given(ADA_REGISTERED, new StaffMemberDeactivatedEvent(STAFF_ID, 0, "left"),
                        new StaffMemberReactivatedEvent(STAFF_ID, 1, "rehired"))
                .when(update(2, Map.of(StaffField.ROLE, "Lead engineer")))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID,
                        List.of(new FieldChange(StaffField.ROLE, "Engineer", "Lead engineer")), 2, "edit", null));
    }

    @Test
    void a_stale_update_of_fields_nobody_else_changed_is_applied() {
        fixture.given(ADA_REGISTERED, ADA_PROMOTED)
                .when(update(0, Map.of(StaffField.NOTES, "analytical engine")))
                .expectEvents(new StaffMemberUpdatedEvent(STAFF_ID,
                        List.of(new FieldChange(StaffField.NOTES, "first programmer", "analytical engine")), 0, "edit",
                        new ConflictOutcome(ConflictStrategy.FIRST_WRITER_WINS, 0, 1, List.of())));
    }

    @Test
    void a_stale_update_of_a_field_someone_else_changed_is_rejected_with_the_current_state() {
        fixture.given(ADA_REGISTERED, ADA_PROMOTED)
                .when(update(0, Map.of(StaffField.ROLE, "Architect")))
                .expectNoEvents()
                .expectException(staleWithCurrent(
                        equalTo(StaffMemberView.of(STAFF_ID, 1, true, ADA_AFTER_PROMOTION))));
    }

    @Test
    void a_stale_deactivation_is_applied_when_nobody_changed_the_activation_since() {
        fixture.given(ADA_REGISTERED, ADA_PROMOTED)
                .when(new DeactivateStaffMemberCommand(UUID.randomUUID(), STAFF_ID, 0, "left"))
                .expectEvents(new StaffMemberDeactivatedEvent(STAFF_ID, 0, "left"));
    }

    @Test
    void reactivation_based_on_a_stale_version_is_rejected_with_the_current_state() {
        fixture.given(ADA_REGISTERED, new StaffMemberDeactivatedEvent(STAFF_ID, 0, "left"),
                        new StaffMemberReactivatedEvent(STAFF_ID, 1, "rehired"),
                        new StaffMemberDeactivatedEvent(STAFF_ID, 2, "left again"))
                .when(new ReactivateStaffMemberCommand(UUID.randomUUID(), STAFF_ID, 1, "rehired"))
                .expectNoEvents()
                .expectException(staleWithCurrent(equalTo(StaffMemberView.of(STAFF_ID, 3, false, ADA))));
    }

    @Test
    void a_command_ahead_of_the_current_version_is_rejected_before_reaching_the_aggregate() {
        fixture.given(ADA_REGISTERED, ADA_PROMOTED)
                .when(update(5, Map.of(StaffField.NOTES, "analytical engine")))
                .expectNoEvents()
                .expectException(allOf(instanceOf(ConflictingAggregateVersionException.class),
                        predicate((ConflictingAggregateVersionException e) ->
                                e.getExpectedVersion() == 5 && e.getActualVersion() == 1)));
    }

    @Test
    void updating_an_unregistered_staff_member_is_rejected_as_not_found() {
        fixture.givenNoPriorActivity()
                .when(update(0, Map.of(StaffField.ROLE, "Engineer")))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    private static RegisterStaffMemberCommand register(StaffDetails details) {
        return new RegisterStaffMemberCommand(UUID.randomUUID(), STAFF_ID, details, "hired");
    }

    private static UpdateStaffMemberCommand update(long expectedVersion, Map<StaffField, Object> changes) {
        return new UpdateStaffMemberCommand(UUID.randomUUID(), STAFF_ID, expectedVersion, changes, "edit", null, null);
    }

    private static Matcher<InvalidStaffDetailsException> invalidDetailsOf(String field) {
        return new FeatureMatcher<>(equalTo(field), "InvalidStaffDetailsException for field", "field") {
            @Override
            protected String featureValueOf(InvalidStaffDetailsException exception) {
                return exception.field();
            }
        };
    }

    private static Matcher<StaleVersionException> staleWithCurrent(Matcher<? super StaffMemberView> current) {
        return new FeatureMatcher<StaleVersionException, StaffMemberView>(current,
                "StaleVersionException with current view", "current") {
            @Override
            protected StaffMemberView featureValueOf(StaleVersionException exception) {
                return exception.current();
            }
        };
    }
}
