package io.staffsync.query.deadletters;

import java.util.List;

/**
 * The parked events of one sequence (one staff member), in the order they will be retried.
 *
 * @param sequenceIdentifier what the processing group sequences by: the staff id
 */
public record DeadLetterSequenceView(String processingGroup, String sequenceIdentifier, List<DeadLetterView> letters) {
}
