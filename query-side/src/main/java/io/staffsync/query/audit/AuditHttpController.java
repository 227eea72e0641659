package io.staffsync.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.query.live.StaffStates;
import io.staffsync.query.live.StoredEvent;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code /api/audit}: the whole directory as of a moment, computed from the event store, and verification of
 * the hash chain.
 */
@RestController
@RequestMapping("/api/audit")
class AuditHttpController {

    private static final int DEFAULT_PAGE = 100;

    /** Staff members as they stood {@code at}, by staff id; continue with {@code after=nextAfter} unless null. */
    record DirectoryPage(Instant at, List<StaffMemberView> items, String nextAfter) {
    }

    private final EventCursor cursor;
    private final ChainVerifier verifier;
    private final ObjectMapper json;
    private final AuditProperties properties;
    private final Clock clock = Clock.systemUTC();

    AuditHttpController(EventCursor cursor, ChainVerifier verifier, ObjectMapper json, AuditProperties properties) {
        this.cursor = cursor;
        this.verifier = verifier;
        this.json = json;
        this.properties = properties;
    }

    @GetMapping("/verify")
    ChainVerifier.VerifyReport verify() {
        return verifier.verify();
    }

    @GetMapping(path = "/directory", produces = MediaType.APPLICATION_JSON_VALUE)
    DirectoryPage directory(@RequestParam(required = false) String at, @RequestParam(required = false) String after,
                            @RequestParam(required = false) String limit) {
        Instant moment = moment(at);
        int size = AuditParameters.limit(limit, DEFAULT_PAGE, properties.maxPageSize());
        List<StaffMemberView> items = new ArrayList<>();
        DirectoryFold fold = new DirectoryFold(moment, state -> {
            items.add(state);
            return items.size() < size;
        });
        cursor.stampedUpTo(moment, after == null ? "" : after, fold);
        fold.finish();
        return new DirectoryPage(moment, items, items.size() == size ? items.get(size - 1).staffId() : null);
    }

    /** Every staff member registered by then, one {@link StaffMemberView} per line, by staff id. */
    @GetMapping(path = "/directory", produces = EventLogHttpController.NDJSON)
    void directoryStream(@RequestParam(required = false) String at, @RequestParam(required = false) String after,
                         HttpServletResponse response) throws IOException {
        Instant moment = moment(at);
        response.setContentType(EventLogHttpController.NDJSON);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        DirectoryFold fold = new DirectoryFold(moment, state -> {
            try {
                out.write(json.writeValueAsString(state));
                out.write('\n');
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        cursor.stampedUpTo(moment, after == null ? "" : after, fold);
        fold.finish();
        out.flush();
    }

    private Instant moment(String at) {
        if (at == null) {
            throw AuditRequestException.invalid("at", "at (an ISO-8601 instant) is required");
        }
        return AuditParameters.pastInstant("at", at, clock);
    }

    /**
     * Folds events ordered by staff member and version into each one's state as of {@code at}: the versions
     * stamped no later than {@code at}, up to the first that was not (so a clock that went back between two
     * versions cannot make a later version count without an earlier one).
     */
    private static final class DirectoryFold implements Predicate<StoredEvent> {

        private final Instant at;
        private final Predicate<StaffMemberView> emit;
        private String staffId;
        private StaffMemberView state;
        private boolean closed;
        private boolean stopped;

        DirectoryFold(Instant at, Predicate<StaffMemberView> emit) {
            this.at = at;
            this.emit = emit;
        }

        @Override
        public boolean test(StoredEvent event) {
            if (!event.staffId().equals(staffId)) {
                if (!flush()) {
                    stopped = true;
                    return false;
                }
                staffId = event.staffId();
                closed = false;
            }
            if (closed) {
                return true;
            }
            long expected = state == null ? 0 : state.version() + 1;
            if (event.version() != expected || event.occurredAt().isAfter(at)) {
                closed = true;
                return true;
            }
            state = StaffStates.apply(state, event);
            return true;
        }

        void finish() {
            if (!stopped) {
                flush();
            }
        }

        private boolean flush() {
            if (state == null) {
                return true;
            }
            StaffMemberView done = state;
            state = null;
            return emit.test(done);
        }
    }
}
