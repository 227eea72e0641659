package io.staffsync.query.deadletters;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/admin/dead-letters} (role ADMIN): what a processing group parked, and a retry once the cause is
 * fixed. A retry hands each parked sequence to the group's handlers again, oldest first; a sequence that fails
 * again stays parked, with its cause updated.
 */
@RestController
@RequestMapping("/api/admin/dead-letters")
class DeadLetterHttpController {

    static final String DEFAULT_GROUP = "staff-directory";

    private final EventProcessingConfiguration processing;

    DeadLetterHttpController(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @GetMapping
    ResponseEntity<?> list(@RequestParam(defaultValue = DEFAULT_GROUP) String processingGroup) {
        Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = processing.deadLetterQueue(processingGroup);
        if (queue.isEmpty()) {
            return noQueue(processingGroup);
        }
        List<DeadLetterSequenceView> sequences = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.get().deadLetters()) {
            List<DeadLetterView> letters = new ArrayList<>();
            sequence.forEach(letter -> letters.add(DeadLetterView.of(letter)));
            // the directory sequences by aggregate, so every letter of a sequence names the same staff member
            sequences.add(new DeadLetterSequenceView(processingGroup,
                    letters.isEmpty() ? null : letters.get(0).staffId(), letters));
        }
        return ResponseEntity.ok(sequences);
    }

    @PostMapping("/retry")
    ResponseEntity<?> retry(@RequestParam(defaultValue = DEFAULT_GROUP) String processingGroup) {
        Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = processing.deadLetterQueue(processingGroup);
        Optional<SequencedDeadLetterProcessor<EventMessage<?>>> processor =
                processing.sequencedDeadLetterProcessor(processingGroup);
        if (queue.isEmpty() || processor.isEmpty()) {
            return noQueue(processingGroup);
        }
        // each pass takes the least recently tried sequence, so one pass per parked sequence tries each once
        long parked = queue.get().amountOfSequences();
        int succeeded = 0;
        for (long i = 0; i < parked; i++) {
            if (processor.get().processAny()) {
                succeeded++;
            }
        }
        return ResponseEntity.ok(new DeadLetterRetryView(processingGroup, Math.toIntExact(parked), succeeded,
                queue.get().amountOfSequences()));
    }

    private static ResponseEntity<ProblemDetail> noQueue(String processingGroup) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "processing group " + processingGroup + " has no dead-letter queue");
        problem.setTitle("NOT_FOUND");
        problem.setProperty("code", "NOT_FOUND");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }
}
