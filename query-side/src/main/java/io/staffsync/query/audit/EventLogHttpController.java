package io.staffsync.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;

/**
 * {@code GET /api/events?after=&limit=}: the global log in position order, as a JSON page, or streamed as
 * NDJSON or CSV for export. Nothing is handed out past a position that may still commit
 * ({@link SettledPositions}), so a client that continues from the last position it got never misses an event.
 * <p>
 * The streams write straight to the response from a database cursor, on the request thread, rather than
 * through {@code StreamingResponseBody}: an async request ends at Spring's async timeout (30 s on Tomcat by
 * default), which a full export may outlast.
 */
@RestController
@RequestMapping("/api/events")
class EventLogHttpController {

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";
    /** Response header of a stream: every event up to this position that will ever exist was considered. */
    static final String HIGH_WATER_MARK = "High-Water-Mark";
    private static final int DEFAULT_PAGE = 100;

    /** A page of the log; continue with {@code after=nextAfter}. */
    record EventPage(long after, int limit, long nextAfter, List<AuditEntry> events) {
    }

    private final SettledPositions positions;
    private final EventCursor cursor;
    private final ObjectMapper json;
    private final AuditProperties properties;

    EventLogHttpController(SettledPositions positions, EventCursor cursor, ObjectMapper json,
                           AuditProperties properties) {
        this.positions = positions;
        this.cursor = cursor;
        this.json = json;
        this.properties = properties;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    EventPage page(@RequestParam(required = false) String after, @RequestParam(required = false) String limit) {
        long from = AuditParameters.nonNegative("after", after, 0);
        int size = AuditParameters.limit(limit, DEFAULT_PAGE, properties.maxPageSize());
        SettledPositions.Page page = positions.page(from, size);
        return new EventPage(from, size, page.nextAfter(), page.events().stream().map(AuditEntry::of).toList());
    }

    /** One {@link AuditEntry} per line; the whole settled log when there is no {@code limit}. */
    @GetMapping(produces = NDJSON)
    void ndjson(@RequestParam(required = false) String after, @RequestParam(required = false) String limit,
                HttpServletResponse response) throws IOException {
        stream(after, limit, response, NDJSON, null, entry -> json.writeValueAsString(entry) + "\n");
    }

    /** The log as CSV, one row per field change ({@link CsvRows}); the whole settled log when there is no {@code limit}. */
    @GetMapping(produces = CSV)
    void csv(@RequestParam(required = false) String after, @RequestParam(required = false) String limit,
             HttpServletResponse response) throws IOException {
        CsvRows rows = new CsvRows(json);
        stream(after, limit, response, CSV + ";charset=UTF-8;header=present", CsvRows.header(), rows::rows);
    }

    private interface Format {
        String apply(AuditEntry entry) throws IOException;
    }

    private void stream(String after, String limit, HttpServletResponse response, String contentType, String head,
                        Format format) throws IOException {
        long from = AuditParameters.nonNegative("after", after, 0);
        Integer size = AuditParameters.limit(limit, null, Integer.MAX_VALUE);
        long mark = positions.highWaterMark(from);
        response.setContentType(contentType);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HIGH_WATER_MARK, String.valueOf(mark));
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        if (head != null) {
            out.write(head);
        }
        cursor.positions(from, mark, size == null ? Long.MAX_VALUE : size, (StoredEvent event) -> {
            try {
                out.write(format.apply(AuditEntry.of(event)));
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        out.flush();
    }
}
