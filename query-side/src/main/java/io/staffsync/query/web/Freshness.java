package io.staffsync.query.web;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Freshness of query answers. Each answer carries the header {@value #HEADER}: the position its projection
 * had reached before the answer was read, so the answer reflects at least that much of the event log. A
 * request with {@code minPosition=N} first waits (up to {@code wait}, default 5 s, at most 30 s) until the
 * projection has processed the event at position N, typically the {@code position} of a command reply.
 */
@Component
public class Freshness {

    public static final String HEADER = "StaffSync-Position";
    public static final String MIN_POSITION = "minPosition";
    public static final String WAIT = "wait";
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final ProjectionPositions positions;

    Freshness(ProjectionPositions positions) {
        this.positions = positions;
    }

    /**
     * Waits as the request asks, then returns the position the answer about to be read reflects at least.
     *
     * @throws InvalidQueryParameterException if {@code minPosition} or {@code wait} is malformed or out of range
     * @throws ProjectionBehindException if the projection did not reach {@code minPosition} in time
     */
    public long await(String processorName, String minPosition, String wait) {
        Duration timeout = parseWait(wait);
        if (minPosition == null) {
            return positions.progress(processorName).position();
        }
        long wanted = parseMinPosition(minPosition);
        ProjectionPositions.Progress progress = positions.progress(processorName);
        if (progress.hasProcessed(wanted)) {
            return progress.position();
        }
        long last = positions.lastStoredPosition();
        if (wanted > last) {
            // no command reply can name a position the store has not handed out: waiting would be in vain
            throw new InvalidQueryParameterException(MIN_POSITION, "minPosition " + wanted
                    + " is ahead of the event store, whose last position is " + last);
        }
        return positions.awaitProcessed(processorName, wanted, timeout).position();
    }

    /** {@code response} with the {@value #HEADER} header. */
    public static <T> ResponseEntity<T> withPosition(ResponseEntity.BodyBuilder response, long position, T body) {
        return response.header(HEADER, Long.toString(position)).body(body);
    }

    private static long parseMinPosition(String value) {
        try {
            long position = Long.parseLong(value.trim());
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidQueryParameterException(MIN_POSITION,
                "minPosition must be a whole number >= 0 (a position from a command reply), was " + value);
    }

    private static Duration parseWait(String value) {
        if (value == null) {
            return DEFAULT_WAIT;
        }
        Duration wait;
        try {
            wait = DurationStyle.detectAndParse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryParameterException(WAIT,
                    "wait must be a duration such as PT5S or 5s or 500ms, was " + value);
        }
        if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
            throw new InvalidQueryParameterException(WAIT, "wait must be between 0 and " + MAX_WAIT + ", was " + value);
        }
        return wait;
    }
}
