package io.staffsync.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Idle subscribers in a process of their own, so the heap the bench measures in its own JVM is the server's
 * and not the clients'. The parent starts it ({@code Bench --idle-clients <ws-url> <n> <login> <passcode>}),
 * reads one line {@code OPEN <connected> <failed>}, measures, and closes its stdin to end it.
 */
final class IdleClients {

    static final String FLAG = "--idle-clients";

    private IdleClients() {
    }

    static void main(String[] args) throws Exception {
        URI webSocket = URI.create(args[1]);
        int n = Integer.parseInt(args[2]);
        try (Subscribers subscribers = Subscribers.open(webSocket, args[3], args[4], n, FanOutScenario.TOPIC)) {
            System.out.println("OPEN " + subscribers.connected() + " " + subscribers.failed());
            System.out.flush();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (in.readLine() != null) {
                    // held open until the parent closes our stdin
                }
            }
        }
        System.exit(0);
    }

    /** A running child process and its connections. */
    record Child(Process process, int connected, int failed) implements AutoCloseable {

        @Override
        public void close() throws IOException, InterruptedException {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Starts the child with the bench's own classpath (or its executable jar) and waits for its connections. */
    static Child start(URI webSocket, int n, String login, String passcode) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xss256k");
        String classPath = System.getProperty("java.class.path");
        boolean executableJar = String.valueOf(Bench.class.getResource("Bench.class")).contains("BOOT-INF");
        if (executableJar && Files.isRegularFile(Path.of(classPath))) {
            // java -jar staffsync-bench.jar: the classes are nested in the jar, which launches Bench itself
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, Bench.class.getName()));
        }
        command.addAll(List.of(FLAG, webSocket.toString(), String.valueOf(n), login, passcode));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("OPEN ")) {
                String[] parts = line.split(" ");
                return new Child(process, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
        }
        process.destroyForcibly();
        throw new IOException("the idle-client process ended without opening its connections (exit "
                + process.exitValue() + ")");
    }
}
