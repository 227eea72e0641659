package io.staffsync.api.staff;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The fields of a staff member, with their wire names and the rules a value must satisfy.
 * <p>
 * This is the single definition of what a valid value is: the intake uses it to parse client input,
 * the aggregate to re-check it, and event handlers to read values back from stored JSON (where a set
 * arrives as a list and a number as whatever Jackson chose). {@link #normalize(Object)} therefore
 * accepts any JSON-shaped value and returns the canonical Java value, or throws
 * {@link InvalidFieldValueException} with a message a client can act on.
 */
public enum StaffField {
    FIRST_NAME("firstName", true, StaffDetails::firstName,
            (d, v) -> new StaffDetails((String) v, d.lastName(), d.email(), d.phone(), d.role(), d.department(),
                    d.employmentType(), d.weeklyHours(), d.skills(), d.notes())),
    LAST_NAME("lastName", true, StaffDetails::lastName,
            (d, v) -> new StaffDetails(d.firstName(), (String) v, d.email(), d.phone(), d.role(), d.department(),
                    d.employmentType(), d.weeklyHours(), d.skills(), d.notes())),
    EMAIL("email", true, StaffDetails::email,
            (d, v) -> new StaffDetails(d.firstName(), d.lastName(), (String) v, d.phone(), d.role(), d.department(),
                    d.employmentType(), d.weeklyHours(), d.skills(), d.notes())),
    PHONE("phone", false, StaffDetails::phone,
            (d, v) -> new StaffDetails(d.firstName(), d.lastName(), d.email(), (String) v, d.role(), d.department(),
                    d.employmentType(), d.weeklyHours(), d.skills(), d.notes())),
    ROLE("role", false, StaffDetails::role,
            (d, v) -> new StaffDetails(d.firstName(), d.lastName(), d.email(), d.phone(), (String) v, d.department(),
                    d.employmentType(), d.weeklyHours(), d.skills(), d.notes())),
    DEPARTMENT("department", false, StaffDetails::department,
            (d, v) -> new StaffDetails(d.firstName(), d.lastName(), d.email(), d.phone(), d.role(), (String) v,
                    d.employmentType(), d.weeklyHours(), d.skills(), d.notes())),
    EMPLOYMENT_TYPE("employmentType", false, StaffDetails::employmentType,
            (d, v) -> new StaffDetails(d.firstName(), d.lastName(), d.email(), d.phone(), d.role(), d.department(),
                    (EmploymentType) v, d.weeklyHours(), d.skills(), d.notes())),
    WEEKLY_HOURS("weeklyHours", false, StaffDetails::weeklyHours,
            (d, v) -> new StaffDetails(d.firstName(), d.lastName(), d.email(), d.phone(), d.role(), d.department(),
                    d.employmentType(), (Integer) v, d.skills(), d.notes())),
    SKILLS("skills", false, StaffDetails::skills,
            (d, v) -> new StaffDetails(d.firstName(), d.lastName(), d.email(), d.phone(), d.role(), d.department(),
                    d.employmentType(), d.weeklyHours(), castSkills(v), d.notes())),
    NOTES("notes", false, StaffDetails::notes,
            (d, v) -> new StaffDetails(d.firstName(), d.lastName(), d.email(), d.phone(), d.role(), d.department(),
                    d.employmentType(), d.weeklyHours(), d.skills(), (String) v));

    public static final int MAX_WEEKLY_HOURS = 80;
    public static final int MAX_SKILLS = 100;
    private static final int MAX_NAME_LENGTH = 100;
    private static final int MAX_TEXT_LENGTH = 200;
    private static final int MAX_NOTES_LENGTH = 4000;
    private static final Pattern EMAIL_PATTERN =
            Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    private static final Pattern PHONE_PATTERN = Pattern.compile("^\\+?[0-9 ()./-]{3,30}$");

    private final String wireName;
    private final boolean required;
    private final Function<StaffDetails, Object> getter;
    private final BiFunction<StaffDetails, Object, StaffDetails> setter;

    StaffField(String wireName, boolean required, Function<StaffDetails, Object> getter,
               BiFunction<StaffDetails, Object, StaffDetails> setter) {
        this.wireName = wireName;
        this.required = required;
        this.getter = getter;
        this.setter = setter;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether a registered staff member must always have a value for this field. */
    public boolean isRequired() {
        return required;
    }

    @JsonCreator
    public static StaffField fromWireName(String name) {
        for (StaffField field : values()) {
            if (field.wireName.equals(name)) {
                return field;
            }
        }
        throw new InvalidFieldValueException(name, "unknown field '" + name + "'; known fields: "
                + Arrays.stream(values()).map(StaffField::wireName).toList());
    }

    public Object valueIn(StaffDetails details) {
        return getter.apply(details);
    }

    /**
     * Returns a copy of {@code details} with this field set to {@code value}. The value is only converted to
     * this field's Java type, not validated: stored events must replay even if the rules tighten later.
     */
    public StaffDetails with(StaffDetails details, Object value) {
        return setter.apply(details, read(value));
    }

    /** Converts a stored (JSON-shaped) value to this field's Java type without judging it. */
    public Object read(Object stored) {
        if (stored == null) {
            return this == SKILLS ? Set.of() : null;
        }
        return switch (this) {
            case EMPLOYMENT_TYPE -> stored instanceof EmploymentType t ? t : EmploymentType.valueOf(stored.toString());
            case WEEKLY_HOURS -> ((Number) stored).intValue();
            case SKILLS -> {
                TreeSet<String> skills = new TreeSet<>();
                ((Collection<?>) stored).forEach(item -> skills.add(item.toString()));
                yield Collections.unmodifiableSortedSet(skills);
            }
            default -> stored.toString();
        };
    }

    /**
     * Turns a JSON-shaped value into this field's canonical value, or rejects it.
     * {@code null} (and a blank string) clears an optional field and is rejected for a required one.
     */
    public Object normalize(Object raw) {
        if (raw instanceof String s && s.isBlank() && this != SKILLS) {
            raw = null;
        }
        if (raw == null) {
            if (required) {
                throw new InvalidFieldValueException(wireName, wireName + " is required and cannot be empty");
            }
            return this == SKILLS ? Set.of() : null;
        }
        return switch (this) {
            case FIRST_NAME, LAST_NAME -> text(raw, MAX_NAME_LENGTH);
            case ROLE, DEPARTMENT -> text(raw, MAX_TEXT_LENGTH);
            case NOTES -> multilineText(raw);
            case EMAIL -> email(raw);
            case PHONE -> phone(raw);
            case EMPLOYMENT_TYPE -> employmentType(raw);
            case WEEKLY_HOURS -> weeklyHours(raw);
            case SKILLS -> skills(raw);
        };
    }

    /** The fields whose value differs between {@code before} and {@code after}, in declaration order. */
    public static List<FieldChange> changesBetween(StaffDetails before, StaffDetails after) {
        List<FieldChange> changes = new ArrayList<>();
        for (StaffField field : values()) {
            Object oldValue = field.valueIn(before);
            Object newValue = field.valueIn(after);
            if (!field.sameValue(oldValue, newValue)) {
                changes.add(new FieldChange(field, oldValue, newValue));
            }
        }
        return List.copyOf(changes);
    }

    /** Value equality for this field: an empty skill set and no skill set are the same. */
    public boolean sameValue(Object a, Object b) {
        if (this == SKILLS) {
            return Objects.equals(a == null ? Set.of() : a, b == null ? Set.of() : b);
        }
        return Objects.equals(a, b);
    }

    /** A single line of text: no control characters at all. */
    private String text(Object raw, int maxLength) {
        String text = string(raw, maxLength);
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidFieldValueException(wireName,
                    wireName + " must be a single line without control characters");
        }
        return text;
    }

    /** Free text: line breaks and tabs allowed, other control characters not. */
    private String multilineText(Object raw) {
        String text = string(raw, MAX_NOTES_LENGTH);
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new InvalidFieldValueException(wireName, wireName + " must not contain control characters");
        }
        return text;
    }

    private String string(Object raw, int maxLength) {
        if (!(raw instanceof String s)) {
            throw new InvalidFieldValueException(wireName, wireName + " must be a string");
        }
        String trimmed = s.strip();
        if (trimmed.length() > maxLength) {
            throw new InvalidFieldValueException(wireName, wireName + " must be at most " + maxLength + " characters");
        }
        return trimmed;
    }

    private String email(Object raw) {
        String email = text(raw, 254);
        if (!EMAIL_PATTERN.matcher(email).matches()) {
            throw new InvalidFieldValueException(wireName, "email '" + email + "' is not a valid address");
        }
        return email;
    }

    private String phone(Object raw) {
        String phone = text(raw, 30);
        if (!PHONE_PATTERN.matcher(phone).matches()) {
            throw new InvalidFieldValueException(wireName,
                    "phone must be 3-30 characters of digits, spaces and + ( ) . / -");
        }
        return phone;
    }

    private EmploymentType employmentType(Object raw) {
        if (raw instanceof EmploymentType type) {
            return type;
        }
        if (raw instanceof String s) {
            try {
                return EmploymentType.valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // fall through to the explanatory error
            }
        }
        throw new InvalidFieldValueException(wireName,
                "employmentType must be one of " + Arrays.toString(EmploymentType.values()));
    }

    private Integer weeklyHours(Object raw) {
        if (!(raw instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new InvalidFieldValueException(wireName, "weeklyHours must be a whole number");
        }
        long hours = n.longValue();
        if (hours < 0 || hours > MAX_WEEKLY_HOURS) {
            throw new InvalidFieldValueException(wireName,
                    "weeklyHours must be between 0 and " + MAX_WEEKLY_HOURS + ", was " + hours);
        }
        return (int) hours;
    }

    private Set<String> skills(Object raw) {
        if (!(raw instanceof Collection<?> items)) {
            throw new InvalidFieldValueException(wireName, "skills must be a list of strings");
        }
        // a cheap bound on the raw input before any work; the real limit is on distinct skills below
        if (items.size() > 10 * MAX_SKILLS) {
            throw new InvalidFieldValueException(wireName, "at most " + MAX_SKILLS + " skills are allowed");
        }
        // sorted so that equal sets serialize identically in events and replies
        TreeSet<String> skills = new TreeSet<>();
        for (Object item : items) {
            if (!(item instanceof String s) || s.isBlank()) {
                throw new InvalidFieldValueException(wireName, "each skill must be a non-empty string");
            }
            skills.add(text(s, MAX_TEXT_LENGTH));
        }
        if (skills.size() > MAX_SKILLS) {
            throw new InvalidFieldValueException(wireName, "at most " + MAX_SKILLS + " skills are allowed");
        }
        return Collections.unmodifiableSortedSet(skills);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> castSkills(Object value) {
        return (Set<String>) value;
    }
}
