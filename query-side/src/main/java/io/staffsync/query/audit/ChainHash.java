package io.staffsync.query.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The link function of the hash chain: {@code SHA-256(prevHash || canonical(row))}. The canonical form is
 * unambiguous: numbers as 8 big-endian bytes, and every text or byte column as a 4-byte length (-1 for null)
 * followed by its bytes (text in UTF-8), in the fixed order of {@link ChainedRow}. So no two different rows,
 * not even ones that differ only in where one column ends and the next begins, give the same bytes.
 */
final class ChainHash {

    /** The predecessor of the first link. */
    static final byte[] GENESIS = new byte[32];

    private ChainHash() {
    }

    static byte[] link(byte[] prevHash, ChainedRow row) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        sha256.update(prevHash);
        sha256.update(canonical(row));
        return sha256.digest();
    }

    static byte[] canonical(ChainedRow row) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + length(row.payload()) + length(row.metaData()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(row.position());
            text(out, row.eventIdentifier());
            text(out, row.aggregateIdentifier());
            out.writeLong(row.sequenceNumber());
            text(out, row.type());
            text(out, row.timeStamp());
            text(out, row.payloadType());
            text(out, row.payloadRevision());
            bytes(out, row.payload());
            bytes(out, row.metaData());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String hex(byte[] hash) {
        return hash == null ? null : HexFormat.of().formatHex(hash);
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        bytes(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }

    private static int length(byte[] value) {
        return value == null ? 0 : value.length;
    }
}
