package io.staffsync.api.staff.conflict;

/** A person's choice for one contested field; {@code value} only for {@link ChoiceKind#VALUE}. */
public record FieldChoice(ChoiceKind choice, Object value) {
}
