package io.staffsync.command.staff;

import io.staffsync.api.staff.EmploymentType;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.StaffMetaData;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.conflict.FieldConflict;
import io.staffsync.api.staff.conflict.FieldOutcome;
import io.staffsync.api.staff.conflict.MergeTieBreak;
import io.staffsync.api.staff.event.StaffMemberUpdatedEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Laws of settling a stale update, over random histories: a base, zero to five patches by others (the
 * unseen events, each with its actor) and the stale client's own patch over the base. Every field has only
 * two or three values and skills come from five names, so both sides often touch the same field, and often
 * with the same value.
 */
class StaleUpdatePropertiesTest {

    private static final String STAFF_ID = "s1";
    private static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "absent";
        }
    };

    /** One unseen edit: who made it and the fields it set. */
    record Patch(String actor, Map<StaffField, Object> values) {

        StaffDetails applyTo(StaffDetails details) {
            return applied(details, values);
        }
    }

    /**
     * A stale update's inputs. {@code theirs} were applied after {@code basedOnVersion}, one version each;
     * {@code mine} is the stale patch, and {@code insertionOrder} an order in which a client might build it.
     */
    record History(StaffDetails base, long basedOnVersion, List<Patch> theirs, Map<StaffField, Object> mine,
                   List<StaffField> insertionOrder) {

        long currentVersion() {
            return basedOnVersion + theirs.size();
        }

        StaffDetails current() {
            StaffDetails state = base;
            for (Patch patch : theirs) {
                state = patch.applyTo(state);
            }
            return state;
        }

        List<DomainEventMessage<?>> unseen() {
            List<DomainEventMessage<?>> events = new ArrayList<>();
            StaffDetails state = base;
            long version = basedOnVersion;
            for (Patch patch : theirs) {
                StaffDetails next = patch.applyTo(state);
                events.add(new GenericDomainEventMessage<>("StaffMember", STAFF_ID, ++version,
                        new StaffMemberUpdatedEvent(STAFF_ID, StaffField.changesBetween(state, next), version - 1,
                                "their edit", null),
                        MetaData.with(StaffMetaData.ACTOR, patch.actor())));
                state = next;
            }
            return events;
        }

        StaleUpdate stale() {
            return stale(inFieldOrder());
        }

        StaleUpdate stale(Map<StaffField, Object> mineAs) {
            return StaleUpdate.of(basedOnVersion, currentVersion(), current(), mineAs, unseen());
        }

        Map<StaffField, Object> inFieldOrder() {
            Map<StaffField, Object> copy = new EnumMap<>(StaffField.class);
            copy.putAll(mine);
            return copy;
        }

        Map<StaffField, Object> inInsertionOrder(Map<StaffField, Object> into) {
            insertionOrder.stream().filter(mine::containsKey).forEach(field -> into.put(field, mine.get(field)));
            return into;
        }

        /** The definition, restated: changed since the base, and set by mine to something else than now. */
        boolean isContested(StaffField field) {
            Object theirs = field.valueIn(current());
            return mine.containsKey(field)
                    && !field.sameValue(field.valueIn(base), theirs)
                    && !field.sameValue(mine.get(field), theirs);
        }

        List<StaffField> contestedFields() {
            return Arrays.stream(StaffField.values()).filter(this::isContested).toList();
        }

        /** Each contested field as the conflict reports it before settling, in field order. */
        List<FieldConflict> expectedConflicts() {
            List<FieldConflict> conflicts = new ArrayList<>();
            for (StaffField field : contestedFields()) {
                long lastVersion = -1;
                String lastActor = null;
                StaffDetails state = base;
                for (int i = 0; i < theirs.size(); i++) {
                    StaffDetails next = theirs.get(i).applyTo(state);
                    if (!field.sameValue(field.valueIn(state), field.valueIn(next))) {
                        lastVersion = basedOnVersion + i + 1;
                        lastActor = theirs.get(i).actor();
                    }
                    state = next;
                }
                conflicts.add(new FieldConflict(field, field.valueIn(base), field.valueIn(current()), mine.get(field),
                        lastVersion, lastActor, FieldOutcome.PENDING, null));
            }
            return conflicts;
        }
    }

    @Property(tries = 500)
    void contested_fields_are_those_others_changed_that_mine_sets_to_something_else(
            @ForAll("histories") History history) {
        List<FieldConflict> contested = history.stale().contested();

        Statistics.label("contested fields").collect(Math.min(contested.size(), 3));
        Statistics.label("contested fields").coverage(checker -> {
            checker.check(0).percentage(p -> p > 10);
            checker.check(2).percentage(p -> p > 5);
        });
        assertThat(contested).isEqualTo(history.expectedConflicts());
    }

    @Property(tries = 500)
    void settling_the_same_stale_update_again_gives_the_same_settlement(
            @ForAll("histories") History history, @ForAll("onTheSpot") ConflictStrategy strategy,
            @ForAll MergeTieBreak tieBreak) {
        StaleUpdate.Settlement settled = history.stale().settle(strategy, tieBreak);

        Statistics.label("contested fields").collect(Math.min(history.contestedFields().size(), 2));
        Statistics.label("contested fields").coverage(checker -> checker.check(2).percentage(p -> p > 5));
        assertThat(history.stale().settle(strategy, tieBreak)).isEqualTo(settled);
    }

    @Property(tries = 500)
    void each_field_is_settled_the_same_whatever_the_order_mine_was_built_in(
            @ForAll("histories") History history, @ForAll("onTheSpot") ConflictStrategy strategy,
            @ForAll MergeTieBreak tieBreak) {
        StaleUpdate.Settlement settled = byField(history.stale().settle(strategy, tieBreak));

        assertThat(byField(history.stale(history.inInsertionOrder(new LinkedHashMap<>())).settle(strategy, tieBreak)))
                .isEqualTo(settled);
        assertThat(byField(history.stale(history.inInsertionOrder(new HashMap<>())).settle(strategy, tieBreak)))
                .isEqualTo(settled);
    }

    /**
     * The settlement recorded on the event lists contested fields in whatever order the caller's map iterates
     * (StaleUpdate walks {@code mine} as given). The aggregate always passes an EnumMap, so its events are
     * in field order today; this law holds once StaleUpdate itself puts {@code mine} in field order.
     */
    @Property(tries = 500)
    void contested_fields_are_listed_in_field_order_whatever_the_order_mine_was_built_in(
            @ForAll("histories") History history, @ForAll("onTheSpot") ConflictStrategy strategy,
            @ForAll MergeTieBreak tieBreak) {
        StaleUpdate.Settlement settled = history.stale().settle(strategy, tieBreak);

        assertThat(history.stale(history.inInsertionOrder(new LinkedHashMap<>())).settle(strategy, tieBreak))
                .isEqualTo(settled);
        assertThat(history.stale(history.inInsertionOrder(new HashMap<>())).settle(strategy, tieBreak))
                .isEqualTo(settled);
    }

    @Property(tries = 500)
    void no_change_that_is_not_contested_is_lost(
            @ForAll("histories") History history, @ForAll("onTheSpot") ConflictStrategy strategy,
            @ForAll MergeTieBreak tieBreak) {
        StaleUpdate.Settlement settled = history.stale().settle(strategy, tieBreak);

        Statistics.label("rejected").collect(settled.rejected());
        Statistics.label("rejected").coverage(checker -> checker.check(false).percentage(p -> p > 50));
        if (settled.rejected()) {
            return;
        }
        StaffDetails current = history.current();
        StaffDetails after = applied(current, settled.writes());
        for (StaffField field : StaffField.values()) {
            if (!history.mine().containsKey(field)) {
                assertThat(field.valueIn(after)).as("%s, which mine leaves alone", field)
                        .isEqualTo(field.valueIn(current));
            } else if (!history.isContested(field)) {
                assertThat(field.valueIn(after)).as("%s, which mine changed uncontested", field)
                        .isEqualTo(history.mine().get(field));
            }
        }
    }

    @Property(tries = 500)
    void last_writer_wins_puts_mine_over_what_others_wrote(@ForAll("histories") History history) {
        StaleUpdate.Settlement settled = history.stale().settle(ConflictStrategy.LAST_WRITER_WINS, null);

        StaffDetails theirsOverBase = history.base();
        for (Patch patch : history.theirs()) {
            theirsOverBase = patch.applyTo(theirsOverBase);
        }
        assertThat(settled.rejected()).isFalse();
        assertThat(applied(history.current(), settled.writes())).isEqualTo(applied(theirsOverBase, history.mine()));
        assertThat(settled.outcome()).isEqualTo(new ConflictOutcome(ConflictStrategy.LAST_WRITER_WINS,
                history.basedOnVersion(), history.currentVersion(), history.expectedConflicts().stream()
                .map(c -> c.settled(FieldOutcome.MINE, c.mine())).toList()));
    }

    @Property(tries = 500)
    void merged_skills_keep_both_sides_additions_and_removals(
            @ForAll("historiesWhereMineSetsSkills") History history, @ForAll MergeTieBreak tieBreak) {
        Set<String> base = history.base().skills();
        Set<String> theirs = history.current().skills();
        @SuppressWarnings("unchecked")
        Set<String> mine = (Set<String>) history.mine().get(StaffField.SKILLS);

        StaleUpdate.Settlement settled = history.stale().settle(ConflictStrategy.MERGE_CHANGES, tieBreak);

        Set<String> removedByMine = minus(base, mine);
        Set<String> addedByMine = minus(mine, base);
        Set<String> expected = new TreeSet<>(minus(theirs, removedByMine));
        expected.addAll(addedByMine);
        Statistics.label("skills contested").collect(history.isContested(StaffField.SKILLS));
        Statistics.label("skills contested").coverage(checker -> checker.check(true).percentage(p -> p > 15));
        assertThat(applied(history.current(), settled.writes()).skills()).isEqualTo(expected);
    }

    @Property(tries = 500)
    void merge_settles_each_contested_scalar_by_the_tie_break_unless_mine_kept_the_base(
            @ForAll("histories") History history, @ForAll MergeTieBreak tieBreak) {
        StaleUpdate.Settlement settled = history.stale().settle(ConflictStrategy.MERGE_CHANGES, tieBreak);
        StaffDetails after = applied(history.current(), settled.writes());

        List<FieldConflict> expected = new ArrayList<>();
        for (FieldConflict conflict : history.expectedConflicts()) {
            StaffField field = conflict.field();
            if (field == StaffField.SKILLS) {
                expected.add(conflict.settled(FieldOutcome.MERGED, field.valueIn(after)));
            } else if (tieBreak == MergeTieBreak.TAKE_MINE && !field.sameValue(conflict.mine(), conflict.base())) {
                expected.add(conflict.settled(FieldOutcome.MINE, conflict.mine()));
            } else {
                expected.add(conflict.settled(FieldOutcome.THEIRS, conflict.theirs()));
            }
        }
        assertThat(settled.rejected()).isFalse();
        assertThat(settled.outcome()).isEqualTo(new ConflictOutcome(ConflictStrategy.MERGE_CHANGES,
                history.basedOnVersion(), history.currentVersion(), expected));
        for (FieldConflict conflict : expected) {
            assertThat(conflict.field().valueIn(after)).as("%s settled as %s", conflict.field(), conflict.outcome())
                    .isEqualTo(conflict.result());
        }
    }

    @Property(tries = 500)
    void first_writer_wins_rejects_exactly_when_a_field_is_contested(@ForAll("histories") History history) {
        StaleUpdate stale = history.stale();
        StaleUpdate.Settlement settled = stale.settle(ConflictStrategy.FIRST_WRITER_WINS, null);

        Statistics.label("rejected").collect(settled.rejected());
        Statistics.label("rejected").coverage(checker -> {
            checker.check(true).percentage(p -> p > 15);
            checker.check(false).percentage(p -> p > 15);
        });
        assertThat(settled.rejected()).isEqualTo(!stale.contested().isEmpty());
        if (settled.rejected()) {
            assertThat(settled.writes()).isEmpty();
            assertThat(settled.outcome().contested()).extracting(FieldConflict::field)
                    .containsExactlyElementsOf(history.contestedFields());
            assertThat(settled.outcome().contested()).extracting(FieldConflict::outcome)
                    .containsOnly(FieldOutcome.REJECTED);
        } else {
            assertThat(settled.writes()).isEqualTo(history.mine());
            assertThat(settled.outcome().contested()).isEmpty();
        }
    }

    @Provide
    Arbitrary<ConflictStrategy> onTheSpot() {
        return Arbitraries.of(ConflictStrategy.LAST_WRITER_WINS, ConflictStrategy.FIRST_WRITER_WINS,
                ConflictStrategy.MERGE_CHANGES);
    }

    @Provide
    Arbitrary<History> histories() {
        return histories(patches());
    }

    @Provide
    Arbitrary<History> historiesWhereMineSetsSkills() {
        return histories(Combinators.combine(patches(), valuesOf(StaffField.SKILLS)).as((patch, skills) -> {
            Map<StaffField, Object> withSkills = new EnumMap<>(StaffField.class);
            withSkills.putAll(patch);
            withSkills.put(StaffField.SKILLS, skills);
            return Collections.unmodifiableMap(withSkills);
        }));
    }

    private static Arbitrary<History> histories(Arbitrary<Map<StaffField, Object>> mine) {
        Arbitrary<Patch> theirs = Combinators.combine(Arbitraries.of("bob", "carol", "dave"), patches()).as(Patch::new);
        return Combinators.combine(details(), Arbitraries.longs().between(0, 3), theirs.list().ofMaxSize(5), mine,
                Arbitraries.shuffle(StaffField.values())).as(History::new);
    }

    private static Arbitrary<StaffDetails> details() {
        List<Arbitrary<Object>> values = Arrays.stream(StaffField.values()).map(StaleUpdatePropertiesTest::valuesOf)
                .toList();
        return Combinators.combine(values).as(list -> {
            StaffDetails details = StaffDetails.EMPTY;
            for (StaffField field : StaffField.values()) {
                details = field.with(details, list.get(field.ordinal()));
            }
            return details;
        });
    }

    /** A random subset of fields, each set to a random valid value; about a third of the fields per patch. */
    private static Arbitrary<Map<StaffField, Object>> patches() {
        List<Arbitrary<Object>> slots = Arrays.stream(StaffField.values())
                .map(field -> Arbitraries.frequencyOf(
                        Tuple.of(2, Arbitraries.just(ABSENT)),
                        Tuple.of(1, valuesOf(field))))
                .toList();
        return Combinators.combine(slots).as(list -> {
            Map<StaffField, Object> patch = new EnumMap<>(StaffField.class);
            for (StaffField field : StaffField.values()) {
                if (list.get(field.ordinal()) != ABSENT) {
                    patch.put(field, list.get(field.ordinal()));
                }
            }
            return Collections.unmodifiableMap(patch);
        });
    }

    /** Valid values as the aggregate would store them: normalized, {@code null} clearing an optional field. */
    private static Arbitrary<Object> valuesOf(StaffField field) {
        Arbitrary<Object> raw = switch (field) {
            case FIRST_NAME -> Arbitraries.<Object>of("Ada", "Grace", "Alan");
            case LAST_NAME -> Arbitraries.<Object>of("Lovelace", "Hopper", "Turing");
            case EMAIL -> Arbitraries.<Object>of("ada@example.org", "grace@example.org", "alan@example.org");
            case PHONE -> Arbitraries.<Object>of("+44 20 7946 0958", "+1 555 0100").injectNull(0.34);
            case ROLE -> Arbitraries.<Object>of("Engineer", "Lead").injectNull(0.34);
            case DEPARTMENT -> Arbitraries.<Object>of("Research", "Operations").injectNull(0.34);
            case EMPLOYMENT_TYPE -> Arbitraries.<Object>of(EmploymentType.FULL_TIME, EmploymentType.CONTRACTOR)
                    .injectNull(0.34);
            case WEEKLY_HOURS -> Arbitraries.<Object>of(20, 40).injectNull(0.34);
            case SKILLS -> Arbitraries.subsetOf("a", "b", "c", "d", "e").map(skills -> (Object) skills);
            case NOTES -> Arbitraries.<Object>of("first programmer", "poet's daughter").injectNull(0.34);
        };
        return raw.map(field::normalize);
    }

    private static StaffDetails applied(StaffDetails details, Map<StaffField, Object> writes) {
        StaffDetails patched = details;
        for (Map.Entry<StaffField, Object> write : writes.entrySet()) {
            patched = write.getKey().with(patched, write.getValue());
        }
        return patched;
    }

    /** The same settlement with its contested fields in field order. */
    private static StaleUpdate.Settlement byField(StaleUpdate.Settlement settled) {
        ConflictOutcome outcome = settled.outcome();
        List<FieldConflict> ordered = outcome.contested().stream()
                .sorted(Comparator.comparing(FieldConflict::field)).toList();
        return new StaleUpdate.Settlement(settled.writes(), new ConflictOutcome(outcome.strategy(),
                outcome.basedOnVersion(), outcome.currentVersion(), ordered), settled.rejected());
    }

    private static Set<String> minus(Set<String> from, Set<String> removed) {
        Set<String> rest = new TreeSet<>(from);
        rest.removeAll(removed);
        return rest;
    }
}
