package io.staffsync.app.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import io.staffsync.app.websocket.OutboundLanes;
import io.staffsync.app.websocket.WebSocketProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading its socket while an editor keeps changing a staff member: it alone is cut off
 * (with a reason it sees once it reads again), the server never holds more than the send buffer limit for it,
 * every other subscriber receives every change in order, and the slow client comes back with resume-from and
 * gets everything it missed.
 */
@StaffSyncIntegrationTest
class SlowConsumerIT {

    private static final int FAST_CLIENTS = 3;
    private static final long HEAP_GROWTH_BOUND = 64L * 1024 * 1024;

    @LocalServerPort
    int port;
    @Autowired
    OutboundLanes lanes;
    @Autowired
    WebSocketProperties properties;
    @Autowired
    SimpleBrokerMessageHandler broker;

    @Test
    void a_client_that_stops_reading_is_cut_off_alone_and_resumes_with_everything_it_missed() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = usedHeapAfterGc(memory);
        int cutOffBefore = lanes.tooSlowDisconnects();
        String staffId = UUID.randomUUID().toString();
        HttpTestClient editor = new HttpTestClient(port, "editor", "editor");
        assertThat(editor.post("/api/staff", Map.of("staffId", staffId, "fields", registration(staffId))).status())
                .isEqualTo(201);

        List<StompTestClient> fast = new ArrayList<>();
        List<BlockingQueue<StaffChangeMessage>> received = new ArrayList<>();
        long finalVersion;
        List<Long> slowVersions = new ArrayList<>();
        long slowLastPosition;
        try {
            for (int i = 0; i < FAST_CLIENTS; i++) {
                StompTestClient client = StompTestClient.connect(port, "viewer", "viewer");
                fast.add(client);
                received.add(client.subscribe("/topic/staff", StaffChangeMessage.class));
            }
            String slowSubscription = "slow-" + UUID.randomUUID();
            try (RawStompConnection slow = new RawStompConnection(port, 4096)) {
                slow.send("CONNECT\naccept-version:1.2\nhost:localhost\nlogin:viewer\npasscode:viewer\nheart-beat:0,0\n\n\0");
                assertThat(slow.next().text()).startsWith("CONNECTED");
                slow.send("SUBSCRIBE\nid:" + slowSubscription + "\ndestination:/topic/staff\n\n\0");
                for (int i = 0; i < FAST_CLIENTS; i++) {
                    BrokerSubscriptions.awaitSubscription(broker, "/topic/staff",
                            fast.get(i).subscriptionId(received.get(i)));
                }
                BrokerSubscriptions.awaitSubscription(broker, "/topic/staff", slowSubscription);

                // from here on the slow client reads nothing, while the editor keeps changing one staff member
                long version = 0;
                int updates = 0;
                while (lanes.tooSlowDisconnects() == cutOffBefore) {
                    assertThat(updates).as("updates sent without the slow client being cut off").isLessThan(5_000);
                    version = update(editor, staffId, version, updates++);
                }
                assertThat(lanes.tooSlowDisconnects()).as("only the slow client").isEqualTo(cutOffBefore + 1);

                // reading again, it gets what had reached it, then the reason, then the close
                SlowRead read = slow.readUntilClosed();
                System.out.printf("slow consumer: cut off after %d updates; it had %d changes waiting, then ERROR "
                        + "'%s', close %d '%s'%n", updates, read.changes().size(), read.error(), read.closeCode(),
                        read.closeReason());
                assertThat(read.error()).contains("too slow").contains("resume-from");
                assertThat(read.closeCode()).isEqualTo(4500);
                assertThat(read.closeReason()).isEqualTo("too slow");
                for (JsonNode change : read.changes()) {
                    if (change.path("staffId").asText().equals(staffId)) {
                        slowVersions.add(change.path("version").asLong());
                    }
                }
                assertThat(slowVersions).as("what the slow client got before it was cut off: in order, no gap")
                        .isNotEmpty().isEqualTo(LongStream.rangeClosed(1, slowVersions.size()).boxed().toList());
                slowLastPosition = read.changes().get(read.changes().size() - 1).path("position").asLong();

                for (int i = 0; i < 20; i++) {
                    version = update(editor, staffId, version, updates++);
                }
                finalVersion = version;
            }

            List<Long> everything = LongStream.rangeClosed(1, finalVersion).boxed().toList();
            for (int i = 0; i < FAST_CLIENTS; i++) {
                assertThat(versionsOf(received.get(i), staffId, finalVersion)).as("fast client " + i)
                        .isEqualTo(everything);
                assertThat(fast.get(i).isConnected()).isTrue();
            }
            // the slow client's subscription went with its connection; the fast clients' are still there
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    !BrokerSubscriptions.hasSubscription(broker, "/topic/staff", slowSubscription));
            for (int i = 0; i < FAST_CLIENTS; i++) {
                assertThat(BrokerSubscriptions.hasSubscription(broker, "/topic/staff",
                        fast.get(i).subscriptionId(received.get(i)))).as("fast client %d subscribed", i).isTrue();
            }
        } finally {
            fast.forEach(StompTestClient::close);
        }

        long limit = properties.sendBufferLimit().toBytes();
        System.out.printf("slow consumer: most bytes ever waiting for one connection %d (limit %d)%n",
                lanes.peakQueuedBytes(), limit);
        assertThat(lanes.peakQueuedBytes()).isPositive().isLessThanOrEqualTo(limit);

        try (StompTestClient back = StompTestClient.connect(port, "viewer", "viewer")) {
            BlockingQueue<StaffChangeMessage> resumed = back.subscribeResuming("/topic/staff", slowLastPosition,
                    StaffChangeMessage.class);
            assertThat(versionsOf(resumed, staffId, finalVersion)).as("resumed after the last change it had")
                    .isEqualTo(LongStream.rangeClosed(slowVersions.size() + 1, finalVersion).boxed().toList());
        }

        long heapAfter = usedHeapAfterGc(memory);
        System.out.printf("slow consumer: heap used %d MB before, %d MB after (%+d KB)%n", heapBefore >> 20,
                heapAfter >> 20, (heapAfter - heapBefore) >> 10);
        assertThat(heapAfter - heapBefore).isLessThan(HEAP_GROWTH_BOUND);
    }

    /**
     * Sets notes to ~1.8 KB of text and returns the new version. Each pushed change (old and new notes, and the
     * state) is then ~6 KB: under the 8 KB a test client's WebSocket takes in one message.
     */
    private static long update(HttpTestClient editor, String staffId, long version, int n) {
        HttpTestClient.Response response = editor.patch("/api/staff/" + staffId,
                Map.of("changes", Map.of("notes", n + " " + String.valueOf((char) ('a' + n % 26)).repeat(1_800))),
                "If-Match", "\"" + version + "\"");
        assertThat(response.status()).as("update " + n).isEqualTo(200);
        return response.body().path("version").asLong();
    }

    /** The versions of {@code staffId}'s changes, in arrival order, up to {@code last}. */
    private static List<Long> versionsOf(BlockingQueue<StaffChangeMessage> queue, String staffId, long last)
            throws InterruptedException {
        List<Long> versions = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && (versions.isEmpty() || versions.get(versions.size() - 1) < last)) {
            StaffChangeMessage change = queue.poll(100, TimeUnit.MILLISECONDS);
            if (change != null && staffId.equals(change.staffId())) {
                versions.add(change.version());
            }
        }
        return versions;
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private record SlowRead(List<JsonNode> changes, String error, int closeCode, String closeReason) {
    }

    /**
     * A WebSocket client on a plain socket with a small receive buffer, so that a test decides when it reads:
     * not at all until {@link #readUntilClosed}. Frames it sends are masked, as a client's must be.
     */
    private static final class RawStompConnection implements Closeable {

        private final Socket socket = new Socket();
        private final DataInputStream in;
        private final OutputStream out;
        private final SecureRandom random = new SecureRandom();

        RawStompConnection(int port, int receiveBuffer) throws IOException {
            socket.setReceiveBufferSize(receiveBuffer);
            socket.connect(new InetSocketAddress("localhost", port), 10_000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1024));
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            out.write(("GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                    + "\r\nSec-WebSocket-Version: 13\r\nOrigin: http://localhost:3000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = line();
            assertThat(status).contains(" 101 ");
            while (!line().isEmpty()) {
                // response headers
            }
        }

        void send(String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x81);
            if (payload.length < 126) {
                frame.write(0x80 | payload.length);
            } else {
                frame.write(0x80 | 126);
                frame.write(payload.length >> 8);
                frame.write(payload.length & 0xFF);
            }
            byte[] mask = new byte[4];
            random.nextBytes(mask);
            frame.write(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i % 4]);
            }
            out.write(frame.toByteArray());
            out.flush();
        }

        Frame next() throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            int opcode = -1;
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                if (opcode == -1) {
                    opcode = first & 0x0F;
                }
                message.write(payload);
                if ((first & 0x80) != 0) {
                    return new Frame(opcode, message.toByteArray());
                }
            }
        }

        /** Reads every frame until the server closes: the changes (JSON bodies), the ERROR's message, the close. */
        SlowRead readUntilClosed() throws IOException {
            List<JsonNode> changes = new ArrayList<>();
            String error = null;
            int closeCode = -1;
            String closeReason = null;
            try {
                while (closeCode == -1) {
                    Frame frame = next();
                    if (frame.opcode() == 0x8) {
                        closeCode = frame.payload().length >= 2
                                ? ((frame.payload()[0] & 0xFF) << 8) | (frame.payload()[1] & 0xFF) : 1005;
                        closeReason = frame.payload().length > 2 ? new String(frame.payload(), 2,
                                frame.payload().length - 2, StandardCharsets.UTF_8) : "";
                    } else if (frame.opcode() == 0x1) {
                        String text = frame.text();
                        int body = text.indexOf("\n\n");
                        if (text.startsWith("MESSAGE")) {
                            changes.add(StompTestClient.JSON.readTree(text.substring(body + 2, text.lastIndexOf('\0'))));
                        } else if (text.startsWith("ERROR")) {
                            error = text.lines().filter(line -> line.startsWith("message:")).findFirst()
                                    .map(line -> line.substring("message:".length())).orElse(text);
                        }
                    }
                }
            } catch (EOFException | SocketException closedWithoutCloseFrame) {
                // the close frame never came: the assertions on it say so
            }
            return new SlowRead(changes, error, closeCode, closeReason);
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
