package syna.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Child processes for the tests: output collected on another thread, a timeout that kills. Thread-safe. */
final class Processes {
    private Processes() {}

    /** What a process printed (stdout and stderr together) and its exit status. */
    record Result(int status, String output) {
        @Override
        public String toString() {
            return "exit " + status + ":\n" + output;
        }
    }

    /** The JDK the tests run on. */
    static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    /** {@code bin/<tool>} of the test JDK. */
    static String jdkTool(String tool) {
        return javaHome().resolve("bin").resolve(tool).toString();
    }

    static Result run(List<String> command, Path dir, Map<String, String> env, byte[] stdin, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the process went away; keep what was read
            }
        });
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // the process did not read its input
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5_000);
            throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command + "\n" + out);
        }
        reader.join();
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code script} with {@code bash -e} in {@code dir}, the test JDK first on the PATH and as JAVA_HOME. */
    static Result bash(String script, Path dir, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("JAVA_HOME", javaHome().toString());
        all.put("PATH", javaHome().resolve("bin") + java.io.File.pathSeparator + System.getenv("PATH"));
        return run(List.of("bash", "-e", "-c", script), dir, all, new byte[0], timeoutSeconds);
    }
}
