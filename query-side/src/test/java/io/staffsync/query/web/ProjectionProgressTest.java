package io.staffsync.query.web;

import io.staffsync.query.web.ProjectionPositions.Progress;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionProgressTest {

    private static TrackingToken token(long index, Long... gaps) {
        return GapAwareTrackingToken.newInstance(index, Set.of(gaps));
    }

    private static Progress progress(TrackingToken... segments) {
        return new Progress(Arrays.asList(segments));
    }

    @Test
    void a_position_up_to_the_index_is_processed_unless_it_is_a_gap() {
        Progress progress = progress(token(10, 7L));
        assertThat(progress.hasProcessed(10)).isTrue();
        assertThat(progress.hasProcessed(8)).isTrue();
        assertThat(progress.hasProcessed(7)).isFalse();
        assertThat(progress.hasProcessed(11)).isFalse();
        assertThat(progress.position()).isEqualTo(10);
    }

    @Test
    void a_gap_below_does_not_hold_back_a_later_position() {
        // a rolled-back append leaves a gap that stays in the token; later positions are still processed
        assertThat(progress(token(100, 3L)).hasProcessed(50)).isTrue();
    }

    @Test
    void every_segment_must_have_processed_the_position_and_the_lowest_is_the_position() {
        Progress progress = progress(token(12), token(9));
        assertThat(progress.hasProcessed(9)).isTrue();
        assertThat(progress.hasProcessed(10)).isFalse();
        assertThat(progress.position()).isEqualTo(9);
    }

    @Test
    void nothing_is_processed_without_a_token() {
        assertThat(new Progress(List.of()).hasProcessed(1)).isFalse();
        assertThat(new Progress(List.of()).position()).isZero();
        assertThat(progress((TrackingToken) null).hasProcessed(1)).isFalse();
        assertThat(progress((TrackingToken) null).position()).isZero();
        assertThat(progress((TrackingToken) null).hasProcessed(0)).isTrue();
        assertThat(new Progress(List.of()).hasProcessed(0)).isTrue();
    }

    @Test
    void during_a_replay_the_read_model_is_where_the_replay_is() {
        TrackingToken replay = ReplayToken.createReplayToken(token(50), token(20));
        Progress progress = progress(replay);
        assertThat(progress.position()).isEqualTo(20);
        assertThat(progress.hasProcessed(20)).isTrue();
        assertThat(progress.hasProcessed(21)).isFalse();
    }
}
