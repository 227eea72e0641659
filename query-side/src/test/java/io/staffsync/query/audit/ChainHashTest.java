package io.staffsync.query.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class ChainHashTest {

    private static final ChainedRow ROW = new ChainedRow(7, "e-1", "s1", 2, "StaffMember", "2026-01-31T12:00:00Z",
            "io.staffsync.api.staff.event.StaffMemberUpdatedEvent", null, bytes("{\"a\":1}"), bytes("{\"actor\":\"x\"}"));

    @Test
    void the_same_row_after_the_same_link_hashes_the_same() {
        assertThat(ChainHash.link(ChainHash.GENESIS, ROW)).isEqualTo(ChainHash.link(ChainHash.GENESIS, copy(ROW)))
                .hasSize(32);
    }

    @Test
    void every_column_and_the_predecessor_count() {
        byte[] original = ChainHash.link(ChainHash.GENESIS, ROW);
        byte[] otherPrev = new byte[32];
        otherPrev[31] = 1;

        assertThat(ChainHash.link(otherPrev, ROW)).isNotEqualTo(original);
        assertThat(ChainHash.link(ChainHash.GENESIS, new ChainedRow(8, "e-1", "s1", 2, ROW.type(), ROW.timeStamp(),
                ROW.payloadType(), null, ROW.payload(), ROW.metaData()))).as("position").isNotEqualTo(original);
        assertThat(ChainHash.link(ChainHash.GENESIS, new ChainedRow(7, "e-1", "s1", 3, ROW.type(), ROW.timeStamp(),
                ROW.payloadType(), null, ROW.payload(), ROW.metaData()))).as("sequence").isNotEqualTo(original);
        assertThat(ChainHash.link(ChainHash.GENESIS, new ChainedRow(7, "e-1", "s1", 2, ROW.type(), ROW.timeStamp(),
                ROW.payloadType(), null, bytes("{\"a\": 1}"), ROW.metaData()))).as("payload whitespace")
                .isNotEqualTo(original);
        assertThat(ChainHash.link(ChainHash.GENESIS, new ChainedRow(7, "e-1", "s1", 2, ROW.type(), ROW.timeStamp(),
                ROW.payloadType(), "", ROW.payload(), ROW.metaData()))).as("empty revision is not no revision")
                .isNotEqualTo(original);
        assertThat(ChainHash.link(ChainHash.GENESIS, new ChainedRow(7, "e-1", "s1", 2, ROW.type(), ROW.timeStamp(),
                ROW.payloadType(), null, ROW.payload(), null))).as("metadata").isNotEqualTo(original);
    }

    @Test
    void where_one_column_ends_and_the_next_begins_is_part_of_the_hash() {
        ChainedRow a = new ChainedRow(1, "ab", "c", 0, null, "t", "p", null, bytes("x"), null);
        ChainedRow b = new ChainedRow(1, "a", "bc", 0, null, "t", "p", null, bytes("x"), null);

        assertThat(ChainHash.canonical(a)).isNotEqualTo(ChainHash.canonical(b));
    }

    @Test
    void the_hash_is_sha256_of_the_predecessor_and_the_canonical_row() throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update(ChainHash.GENESIS);
        sha.update(ChainHash.canonical(ROW));

        assertThat(HexFormat.of().formatHex(ChainHash.link(ChainHash.GENESIS, ROW)))
                .isEqualTo(HexFormat.of().formatHex(sha.digest()));
    }

    private static ChainedRow copy(ChainedRow row) {
        return new ChainedRow(row.position(), row.eventIdentifier(), row.aggregateIdentifier(), row.sequenceNumber(),
                row.type(), row.timeStamp(), row.payloadType(), row.payloadRevision(), row.payload().clone(),
                row.metaData().clone());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
