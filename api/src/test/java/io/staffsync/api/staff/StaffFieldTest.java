package io.staffsync.api.staff;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class StaffFieldTest {

    private static final StaffDetails ADA = new StaffDetails("Ada", "Lovelace", "ada@example.org", "+44 20 7946 0958",
            "Engineer", "Analytics", EmploymentType.FULL_TIME, 40, Set.of("axon", "math"), "first programmer");

    private static InvalidFieldValueException rejection(StaffField field, Object raw) {
        InvalidFieldValueException rejection =
                catchThrowableOfType(InvalidFieldValueException.class, () -> field.normalize(raw));
        assertThat(rejection).as("%s.normalize(%s) should be rejected", field, raw).isNotNull();
        return rejection;
    }

    private static String repeat(char c, int times) {
        return String.valueOf(c).repeat(times);
    }

    @Nested
    class Normalizing_text {

        @Test
        void surrounding_whitespace_is_trimmed() {
            assertThat(StaffField.FIRST_NAME.normalize("  Ada \t")).isEqualTo("Ada");
        }

        @Test
        void a_missing_required_value_is_rejected_naming_the_field() {
            InvalidFieldValueException rejection = rejection(StaffField.LAST_NAME, null);

            assertThat(rejection.field()).isEqualTo("lastName");
            assertThat(rejection).hasMessageContaining("required");
        }

        @Test
        void a_blank_required_value_counts_as_missing() {
            assertThat(rejection(StaffField.FIRST_NAME, "   ").field()).isEqualTo("firstName");
        }

        @Test
        void a_missing_optional_value_clears_the_field() {
            assertThat(StaffField.ROLE.normalize(null)).isNull();
        }

        @Test
        void a_blank_optional_value_clears_the_field() {
            assertThat(StaffField.DEPARTMENT.normalize("  ")).isNull();
        }

        @Test
        void a_non_string_value_is_rejected() {
            assertThat(rejection(StaffField.FIRST_NAME, 42)).hasMessageContaining("must be a string");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Ada\u0000", "\u001b[31mAda", "Ada\u007f", "Ada\rLovelace", "Ada\u0085"})
        void control_characters_are_rejected(String name) {
            InvalidFieldValueException rejection = rejection(StaffField.FIRST_NAME, name);

            assertThat(rejection.field()).isEqualTo("firstName");
            assertThat(rejection).hasMessageContaining("control characters");
        }

        @Test
        void notes_may_span_lines_and_contain_tabs() {
            assertThat(StaffField.NOTES.normalize("line one\n\tline two")).isEqualTo("line one\n\tline two");
        }

        @Test
        void a_name_is_a_single_line() {
            assertThat(rejection(StaffField.FIRST_NAME, "Ada\nLovelace")).hasMessageContaining("single line");
            assertThat(rejection(StaffField.DEPARTMENT, "R\tD").field()).isEqualTo("department");
        }

        @Test
        void a_name_of_100_characters_is_accepted() {
            assertThat(StaffField.FIRST_NAME.normalize(repeat('a', 100))).isEqualTo(repeat('a', 100));
        }

        @Test
        void a_name_of_101_characters_is_rejected() {
            assertThat(rejection(StaffField.LAST_NAME, repeat('a', 101))).hasMessageContaining("at most 100");
        }

        @Test
        void the_length_limit_applies_after_trimming() {
            assertThat(StaffField.FIRST_NAME.normalize("  " + repeat('a', 100) + "  ")).isEqualTo(repeat('a', 100));
        }

        @Test
        void a_role_or_department_of_200_characters_is_accepted() {
            assertThat(StaffField.ROLE.normalize(repeat('r', 200))).isEqualTo(repeat('r', 200));
            assertThat(StaffField.DEPARTMENT.normalize(repeat('d', 200))).isEqualTo(repeat('d', 200));
        }

        @Test
        void a_role_or_department_of_201_characters_is_rejected() {
            assertThat(rejection(StaffField.ROLE, repeat('r', 201))).hasMessageContaining("at most 200");
            assertThat(rejection(StaffField.DEPARTMENT, repeat('d', 201))).hasMessageContaining("at most 200");
        }

        @Test
        void notes_of_4000_characters_are_accepted() {
            assertThat(StaffField.NOTES.normalize(repeat('n', 4000))).isEqualTo(repeat('n', 4000));
        }

        @Test
        void notes_of_4001_characters_are_rejected() {
            assertThat(rejection(StaffField.NOTES, repeat('n', 4001))).hasMessageContaining("at most 4000");
        }
    }

    @Nested
    class Normalizing_email {

        @ParameterizedTest
        @ValueSource(strings = {"ada@example.org", "ada.lovelace+work@mail.example.co.uk", "o'brien@example.ie"})
        void a_valid_address_is_accepted_unchanged(String email) {
            assertThat(StaffField.EMAIL.normalize(email)).isEqualTo(email);
        }

        @Test
        void a_valid_address_is_trimmed() {
            assertThat(StaffField.EMAIL.normalize("  ada@example.org ")).isEqualTo("ada@example.org");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ada", "ada@", "@example.org", "ada@example", "ada lovelace@example.org",
                "ada@exa_mple.org", "ada@-example.org", "ada@@example.org"})
        void an_invalid_address_is_rejected_naming_the_field(String email) {
            InvalidFieldValueException rejection = rejection(StaffField.EMAIL, email);

            assertThat(rejection.field()).isEqualTo("email");
            assertThat(rejection).hasMessageContaining("not a valid address");
        }

        @Test
        void an_address_longer_than_254_characters_is_rejected() {
            String email = repeat('a', 64) + "@" + repeat('b', 63) + "." + repeat('c', 63) + "." + repeat('d', 63)
                    + ".org";

            assertThat(email).hasSizeGreaterThan(254);
            assertThat(rejection(StaffField.EMAIL, email)).hasMessageContaining("at most 254");
        }
    }

    @Nested
    class Normalizing_phone {

        @ParameterizedTest
        @ValueSource(strings = {"+44 (0)20 7946-0958", "020/7946.0958", "112"})
        void a_valid_number_is_accepted(String phone) {
            assertThat(StaffField.PHONE.normalize(phone)).isEqualTo(phone);
        }

        @ParameterizedTest
        @ValueSource(strings = {"12", "call me", "+44 20 7946 0958 ext. 12", "++44 20 7946 0958"})
        void an_invalid_number_is_rejected_naming_the_field(String phone) {
            assertThat(rejection(StaffField.PHONE, phone).field()).isEqualTo("phone");
        }

        @Test
        void a_number_longer_than_30_characters_is_rejected() {
            assertThat(rejection(StaffField.PHONE, repeat('1', 31)).field()).isEqualTo("phone");
        }
    }

    @Nested
    class Normalizing_weekly_hours {

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 40, 80})
        void a_whole_number_from_0_to_80_is_accepted(int hours) {
            assertThat(StaffField.WEEKLY_HOURS.normalize(hours)).isEqualTo(hours);
        }

        @Test
        void any_whole_number_type_becomes_an_integer() {
            assertThat(StaffField.WEEKLY_HOURS.normalize(40L)).isEqualTo(40);
            assertThat(StaffField.WEEKLY_HOURS.normalize(40.0)).isEqualTo(40);
            assertThat(StaffField.WEEKLY_HOURS.normalize(new BigDecimal("40.00"))).isEqualTo(40);
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 81, Integer.MAX_VALUE})
        void a_number_outside_0_to_80_is_rejected(int hours) {
            InvalidFieldValueException rejection = rejection(StaffField.WEEKLY_HOURS, hours);

            assertThat(rejection.field()).isEqualTo("weeklyHours");
            assertThat(rejection).hasMessageContaining("between 0 and 80");
        }

        @Test
        void a_fraction_is_rejected() {
            assertThat(rejection(StaffField.WEEKLY_HOURS, 12.5)).hasMessageContaining("whole number");
        }

        @Test
        void a_number_too_large_for_a_long_is_rejected() {
            assertThat(rejection(StaffField.WEEKLY_HOURS, 1e20).field()).isEqualTo("weeklyHours");
        }

        @Test
        void not_a_number_is_rejected() {
            assertThat(rejection(StaffField.WEEKLY_HOURS, Double.NaN)).hasMessageContaining("whole number");
        }

        @Test
        void a_numeric_string_is_rejected() {
            assertThat(rejection(StaffField.WEEKLY_HOURS, "40")).hasMessageContaining("whole number");
        }
    }

    @Nested
    class Normalizing_employment_type {

        @Test
        void a_name_is_parsed_ignoring_case_and_surrounding_whitespace() {
            assertThat(StaffField.EMPLOYMENT_TYPE.normalize("part_time")).isEqualTo(EmploymentType.PART_TIME);
            assertThat(StaffField.EMPLOYMENT_TYPE.normalize(" Full_Time ")).isEqualTo(EmploymentType.FULL_TIME);
        }

        @Test
        void an_employment_type_is_kept() {
            assertThat(StaffField.EMPLOYMENT_TYPE.normalize(EmploymentType.CONTRACTOR))
                    .isEqualTo(EmploymentType.CONTRACTOR);
        }

        @Test
        void an_unknown_name_is_rejected_listing_the_allowed_values() {
            InvalidFieldValueException rejection = rejection(StaffField.EMPLOYMENT_TYPE, "permanent");

            assertThat(rejection.field()).isEqualTo("employmentType");
            assertThat(rejection).hasMessageContainingAll("FULL_TIME", "PART_TIME", "CONTRACTOR");
        }

        @Test
        void a_non_string_is_rejected_listing_the_allowed_values() {
            assertThat(rejection(StaffField.EMPLOYMENT_TYPE, 1))
                    .hasMessageContainingAll("FULL_TIME", "PART_TIME", "CONTRACTOR");
        }
    }

    @Nested
    class Normalizing_skills {

        @Test
        void a_list_becomes_a_sorted_set_of_trimmed_skills() {
            Object skills = StaffField.SKILLS.normalize(List.of("kotlin", " java ", "axon", "java"));

            assertThat(skills).isInstanceOf(Set.class)
                    .asInstanceOf(InstanceOfAssertFactories.iterable(String.class))
                    .containsExactly("axon", "java", "kotlin");
        }

        @Test
        void the_result_cannot_be_modified() {
            @SuppressWarnings("unchecked")
            Set<String> skills = (Set<String>) StaffField.SKILLS.normalize(List.of("java"));

            assertThatThrownBy(() -> skills.add("kotlin")).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void no_skills_become_an_empty_set() {
            assertThat(StaffField.SKILLS.normalize(null)).isEqualTo(Set.of());
        }

        @Test
        void a_blank_skill_is_rejected() {
            InvalidFieldValueException rejection = rejection(StaffField.SKILLS, List.of("java", "  "));

            assertThat(rejection.field()).isEqualTo("skills");
            assertThat(rejection).hasMessageContaining("non-empty string");
        }

        @Test
        void a_skill_that_is_not_a_string_is_rejected() {
            assertThat(rejection(StaffField.SKILLS, List.of("java", 7)).field()).isEqualTo("skills");
        }

        @Test
        void a_single_string_instead_of_a_list_is_rejected() {
            assertThat(rejection(StaffField.SKILLS, "java")).hasMessageContaining("list of strings");
        }

        @Test
        void a_skill_with_control_characters_is_rejected() {
            assertThat(rejection(StaffField.SKILLS, List.of("ja\u0000va"))).hasMessageContaining("control characters");
        }

        @Test
        void a_skill_longer_than_200_characters_is_rejected() {
            assertThat(rejection(StaffField.SKILLS, List.of(repeat('s', 201)))).hasMessageContaining("at most 200");
        }

        @Test
        void one_hundred_skills_are_accepted() {
            List<String> skills = IntStream.range(0, 100).mapToObj(i -> "skill-" + i).toList();

            assertThat((Collection<?>) StaffField.SKILLS.normalize(skills)).hasSize(100);
        }

        @Test
        void the_skill_limit_counts_distinct_skills() {
            List<String> skills = new java.util.ArrayList<>(IntStream.range(0, 100).mapToObj(i -> "skill-" + i).toList());
            skills.add(" skill-0 ");

            assertThat((java.util.Set<?>) StaffField.SKILLS.normalize(skills)).hasSize(100);
        }

        @Test
        void more_than_one_hundred_skills_are_rejected() {
            List<String> skills = IntStream.range(0, 101).mapToObj(i -> "skill-" + i).toList();

            InvalidFieldValueException rejection = rejection(StaffField.SKILLS, skills);

            assertThat(rejection.field()).isEqualTo("skills");
            assertThat(rejection).hasMessageContaining("at most 100");
        }
    }

    @Nested
    class Reading_stored_values {

        @Test
        void a_stored_list_of_skills_becomes_a_sorted_set() {
            Object skills = StaffField.SKILLS.read(List.of("math", "axon", "math"));

            assertThat(skills).isInstanceOf(Set.class)
                    .asInstanceOf(InstanceOfAssertFactories.iterable(String.class))
                    .containsExactly("axon", "math");
        }

        @Test
        void stored_absent_skills_become_an_empty_set() {
            assertThat(StaffField.SKILLS.read(null)).isEqualTo(Set.of());
        }

        @Test
        void a_stored_employment_type_name_becomes_the_employment_type() {
            assertThat(StaffField.EMPLOYMENT_TYPE.read("PART_TIME")).isEqualTo(EmploymentType.PART_TIME);
        }

        @Test
        void any_stored_number_of_hours_becomes_an_integer() {
            assertThat(StaffField.WEEKLY_HOURS.read(40L)).isEqualTo(40);
            assertThat(StaffField.WEEKLY_HOURS.read(40.0)).isEqualTo(40);
            assertThat(StaffField.WEEKLY_HOURS.read(new BigDecimal("40"))).isEqualTo(40);
        }

        @Test
        void a_stored_value_is_not_judged_by_todays_rules() {
            assertThat(StaffField.WEEKLY_HOURS.read(120)).isEqualTo(120);
            assertThat(StaffField.EMAIL.read("not an email")).isEqualTo("not an email");
        }

        @Test
        void a_stored_null_stays_null() {
            assertThat(StaffField.PHONE.read(null)).isNull();
            assertThat(StaffField.WEEKLY_HOURS.read(null)).isNull();
        }

        @Test
        void with_sets_a_field_from_a_stored_value() {
            StaffDetails updated = StaffField.SKILLS.with(ADA, List.of("kotlin", "java"));

            assertThat(updated).isEqualTo(new StaffDetails("Ada", "Lovelace", "ada@example.org", "+44 20 7946 0958",
                    "Engineer", "Analytics", EmploymentType.FULL_TIME, 40, Set.of("java", "kotlin"),
                    "first programmer"));
        }
    }

    @Nested
    class Resolving_wire_names {

        @Test
        void every_field_is_found_by_its_wire_name() {
            for (StaffField field : StaffField.values()) {
                assertThat(StaffField.fromWireName(field.wireName())).isSameAs(field);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"salary", "FirstName", "FIRST_NAME", ""})
        void an_unknown_name_is_rejected_listing_the_known_fields(String name) {
            InvalidFieldValueException rejection = catchThrowableOfType(InvalidFieldValueException.class,
                    () -> StaffField.fromWireName(name));

            assertThat(rejection).isNotNull();
            assertThat(rejection.field()).isEqualTo(name);
            assertThat(rejection).hasMessageContaining("unknown field '" + name + "'")
                    .hasMessageContainingAll("firstName", "weeklyHours", "notes");
        }

        @Test
        void no_name_is_rejected() {
            assertThatThrownBy(() -> StaffField.fromWireName(null)).isInstanceOf(InvalidFieldValueException.class);
        }
    }

    @Nested
    class Comparing_details {

        @Test
        void equal_details_have_no_changes() {
            StaffDetails copy = new StaffDetails("Ada", "Lovelace", "ada@example.org", "+44 20 7946 0958",
                    "Engineer", "Analytics", EmploymentType.FULL_TIME, 40, Set.of("math", "axon"), "first programmer");

            assertThat(StaffField.changesBetween(ADA, copy)).isEmpty();
        }

        @Test
        void only_differing_fields_are_listed_with_old_and_new_values() {
            StaffDetails after = StaffField.WEEKLY_HOURS.with(StaffField.PHONE.with(ADA, null), 32);

            assertThat(StaffField.changesBetween(ADA, after)).containsExactly(
                    new FieldChange(StaffField.PHONE, "+44 20 7946 0958", null),
                    new FieldChange(StaffField.WEEKLY_HOURS, 40, 32));
        }

        @Test
        void changes_are_listed_in_field_declaration_order() {
            StaffDetails after = StaffField.FIRST_NAME.with(
                    StaffField.SKILLS.with(StaffField.NOTES.with(ADA, "retired"), Set.of("poetry")), "Augusta");

            assertThat(StaffField.changesBetween(ADA, after)).extracting(FieldChange::field)
                    .containsExactly(StaffField.FIRST_NAME, StaffField.SKILLS, StaffField.NOTES);
        }

        @Test
        void a_field_gaining_a_value_is_listed_from_null() {
            StaffDetails before = StaffField.ROLE.with(ADA, null);

            assertThat(StaffField.changesBetween(before, ADA))
                    .containsExactly(new FieldChange(StaffField.ROLE, null, "Engineer"));
        }

        @Test
        void an_empty_skill_set_and_no_skill_set_are_the_same_value() {
            assertThat(StaffField.SKILLS.sameValue(null, Set.of())).isTrue();
            assertThat(StaffField.SKILLS.sameValue(new HashSet<>(), null)).isTrue();
            assertThat(StaffField.SKILLS.sameValue(null, Set.of("java"))).isFalse();
        }

        @Test
        void only_skills_treat_null_as_empty() {
            assertThat(StaffField.NOTES.sameValue(null, "")).isFalse();
        }

        @Test
        void details_without_skills_and_with_an_empty_skill_set_have_no_changes() {
            StaffDetails withoutSkills = new StaffDetails("Ada", "Lovelace", "ada@example.org", null, null, null,
                    null, null, null, null);
            StaffDetails withNoSkills = new StaffDetails("Ada", "Lovelace", "ada@example.org", null, null, null,
                    null, null, new HashSet<>(), null);

            assertThat(StaffField.changesBetween(withoutSkills, withNoSkills)).isEmpty();
        }
    }

    /**
     * The law the aggregate relies on: an update event lists {@code changesBetween(before, after)} and replaying
     * it rebuilds {@code after}, whether the values are the typed ones or the JSON shapes they come back as.
     */
    @Nested
    class Applying_the_changes_between_two_details {

        private static final long SEED = 20_240_917L;
        private static final int PAIRS = 2_000;

        @Test
        void turns_the_first_into_the_second() {
            Random random = new Random(SEED);
            for (int i = 0; i < PAIRS; i++) {
                StaffDetails before = randomDetails(random);
                StaffDetails after = random.nextInt(5) == 0 ? before : randomDetails(random);

                StaffDetails replayed = before;
                for (FieldChange change : StaffField.changesBetween(before, after)) {
                    replayed = change.field().with(replayed, change.newValue());
                }

                assertThat(replayed).as("pair %d of seed %d: %s -> %s", i, SEED, before, after).isEqualTo(after);
            }
        }

        @Test
        void turns_the_first_into_the_second_from_json_shaped_values() {
            Random random = new Random(SEED);
            for (int i = 0; i < PAIRS; i++) {
                StaffDetails before = randomDetails(random);
                StaffDetails after = randomDetails(random);

                StaffDetails replayed = before;
                for (FieldChange change : StaffField.changesBetween(before, after)) {
                    replayed = change.field().with(replayed, asJson(change.newValue(), random));
                }

                assertThat(replayed).as("pair %d of seed %d: %s -> %s", i, SEED, before, after).isEqualTo(after);
            }
        }

        @Test
        void lists_each_field_at_most_once_and_never_an_unchanged_one() {
            Random random = new Random(SEED);
            for (int i = 0; i < PAIRS; i++) {
                StaffDetails before = randomDetails(random);
                StaffDetails after = randomDetails(random);

                List<FieldChange> changes = StaffField.changesBetween(before, after);

                assertThat(changes).extracting(FieldChange::field).doesNotHaveDuplicates().isSorted();
                assertThat(changes).allSatisfy(change -> {
                    assertThat(change.oldValue()).isEqualTo(change.field().valueIn(before));
                    assertThat(change.newValue()).isEqualTo(change.field().valueIn(after));
                    assertThat(change.field().sameValue(change.oldValue(), change.newValue())).isFalse();
                });
            }
        }

        /** Small pools, so that fields often coincide and a pair differs in some fields but not all. */
        private static StaffDetails randomDetails(Random random) {
            return new StaffDetails(
                    pick(random, null, "Ada", "Grace", "Edsger"),
                    pick(random, null, "Lovelace", "Hopper"),
                    pick(random, null, "ada@example.org", "grace@example.org"),
                    pick(random, null, "+44 20 7946 0958", "112"),
                    pick(random, null, "Engineer", "Admiral"),
                    pick(random, null, "Analytics", "Navy"),
                    pick(random, null, EmploymentType.FULL_TIME, EmploymentType.PART_TIME, EmploymentType.CONTRACTOR),
                    pick(random, null, 0, 40, 80),
                    randomSkills(random),
                    pick(random, null, "first programmer", "line one\nline two"));
        }

        private static Set<String> randomSkills(Random random) {
            List<String> pool = List.of("axon", "cobol", "java", "math", "poetry");
            Set<String> skills = new HashSet<>();
            pool.forEach(skill -> {
                if (random.nextInt(3) == 0) {
                    skills.add(skill);
                }
            });
            return random.nextInt(10) == 0 ? null : skills;
        }

        @SafeVarargs
        private static <T> T pick(Random random, T... choices) {
            return choices[random.nextInt(choices.length)];
        }

        /** The shape Jackson gives a value read back from a stored event without type information. */
        private static Object asJson(Object value, Random random) {
            if (value instanceof Set<?> set) {
                List<Object> list = new ArrayList<>(set);
                Collections.shuffle(list, random);
                return list;
            }
            if (value instanceof EmploymentType type) {
                return type.name();
            }
            if (value instanceof Integer hours) {
                return random.nextBoolean() ? (Object) hours.longValue() : (Object) hours.doubleValue();
            }
            return value;
        }
    }
}
