package io.staffsync.app.faultdata;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare TCP socket (RFC 6455), so a test can send what no well-behaved library would:
 * broken STOMP, invalid UTF-8 in text frames, lying lengths, endless continuation frames. Client frames are
 * masked, as the server requires.
 */
final class RawWebSocket implements AutoCloseable {

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CONTINUATION = 0x0;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** What the server sent until it closed the connection (or the wait ended). */
    record Outcome(List<String> texts, Integer closeCode, String closeReason, boolean closed) {

        /** The STOMP ERROR frames among the messages received. */
        List<String> errorFrames() {
            return texts.stream().filter(text -> text.startsWith("ERROR")).toList();
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Opens a WebSocket to {@code /ws} and checks the server switched protocols. */
    static RawWebSocket open(int port) throws IOException {
        Socket socket = new Socket("localhost", port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        RawWebSocket ws = new RawWebSocket(socket);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: v12.stomp\r\nOrigin: http://localhost:" + port
                + "\r\n\r\n";
        ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String head = ws.readHttpHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + head);
        }
        return ws;
    }

    private String readHttpHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed during handshake: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** One whole text message, in one frame. */
    void sendText(String text) throws IOException {
        sendFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A STOMP frame as a text message, with the NUL terminator. */
    void sendStomp(String frameWithoutNul) throws IOException {
        sendText(frameWithoutNul + "\u0000");
    }

    /** Opens the STOMP session as this user and waits for CONNECTED. */
    void connectStomp(String login) throws IOException {
        sendStomp("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nlogin:" + login + "\npasscode:" + login
                + "\n\n");
        String reply = readText();
        if (reply == null || !reply.startsWith("CONNECTED")) {
            throw new IOException("STOMP CONNECT refused: " + reply);
        }
    }

    void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        out.write(header(opcode, fin, payload.length));
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(mask);
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        out.write(masked);
        out.flush();
    }

    /**
     * Starts a frame that announces {@code declaredLength} bytes and sends only {@code chunk}s of it, masked, for as
     * long as the caller keeps calling {@link #sendMaskedChunk}. Returns the mask to use.
     */
    byte[] startFrame(int opcode, boolean fin, long declaredLength) throws IOException {
        out.write(header(opcode, fin, declaredLength));
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(mask);
        out.flush();
        return mask;
    }

    void sendMaskedChunk(byte[] mask, long offset, byte[] chunk) throws IOException {
        byte[] masked = new byte[chunk.length];
        for (int i = 0; i < chunk.length; i++) {
            masked[i] = (byte) (chunk[i] ^ mask[(int) ((offset + i) % 4)]);
        }
        out.write(masked);
        out.flush();
    }

    private static byte[] header(int opcode, boolean fin, long length) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            header.write(0x80 | (int) length);
        } else if (length <= 0xFFFF) {
            header.write(0x80 | 126);
            header.write((int) (length >>> 8) & 0xFF);
            header.write((int) length & 0xFF);
        } else {
            header.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) (length >>> shift) & 0xFF);
            }
        }
        return header.toByteArray();
    }

    /** Whether the server has closed (a close frame or end of stream) within {@code millis}; reads what comes. */
    boolean closedWithin(long millis, List<String> texts, int[] closeCode) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
            Frame frame;
            try {
                frame = readFrame();
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (EOFException | java.net.SocketException gone) {
                return true;
            }
            if (frame.opcode == CLOSE) {
                closeCode[0] = frame.payload.length >= 2 ? ((frame.payload[0] & 0xFF) << 8) | (frame.payload[1] & 0xFF) : 1005;
                return true;
            }
            if (frame.opcode == TEXT || frame.opcode == BINARY) {
                texts.add(new String(frame.payload, StandardCharsets.UTF_8));
            }
        }
        return false;
    }

    /** Everything the server sends until it closes, or until {@code millis} have passed. */
    Outcome awaitClose(long millis) throws IOException {
        List<String> texts = new ArrayList<>();
        int[] closeCode = {-1};
        boolean closed = closedWithin(millis, texts, closeCode);
        String reason = null;
        return new Outcome(texts, closeCode[0] < 0 ? null : closeCode[0], reason, closed);
    }

    /** Text messages until one starts with {@code prefix} (included), the connection ends, or time is up. */
    List<String> readUntil(String prefix, long millis) throws IOException {
        List<String> texts = new ArrayList<>();
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
            String text;
            try {
                text = readText();
            } catch (SocketTimeoutException | java.net.SocketException gone) {
                return texts;
            }
            if (text == null) {
                return texts;
            }
            texts.add(text);
            if (text.startsWith(prefix)) {
                return texts;
            }
        }
        return texts;
    }

    /** The next text message (skipping pings), or null if the connection ended. */
    String readText() throws IOException {
        while (true) {
            Frame frame;
            try {
                frame = readFrame();
            } catch (EOFException gone) {
                return null;
            }
            if (frame.opcode == TEXT || frame.opcode == BINARY) {
                return new String(frame.payload, StandardCharsets.UTF_8);
            }
            if (frame.opcode == CLOSE) {
                return null;
            }
        }
    }

    private record Frame(int opcode, byte[] payload) {
    }

    private Frame readFrame() throws IOException {
        int first = readByte();
        int second = readByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = ((long) readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte();
            }
        }
        if (length > 1 << 20) {
            throw new IOException("server frame of " + length + " bytes");
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException();
        }
        return new Frame(first & 0x0F, payload);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
