package io.codeagents.reviewer.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.reviewer.config.SandboxConfig;

/**
 * Runs one {@link SandboxJob} with a {@link SandboxCommand}: a fresh host directory for its files, stdin from
 * /dev/null, output drained and capped, the wall-clock limit, and on any limit every process of the run killed. The
 * directory is deleted afterwards whatever happened.
 */
@ApplicationScoped
public class SandboxRunner {

    private static final Logger LOG = Logger.getLogger(SandboxRunner.class);
    /** How long output may keep flowing after the program ended (a straggler holding the pipe) before we stop reading. */
    private static final long DRAIN_GRACE_MS = 2000;

    private final Path workRoot;
    private final int outputKept;
    private final long outputLimit;
    private final long maxFileBytes;
    private final ExecutorService readers = Executors.newCachedThreadPool(daemonThreads("sandbox-output"));

    public SandboxRunner(SandboxConfig config) {
        this.workRoot = config.workRoot().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        this.outputKept = (int) Math.min(Integer.MAX_VALUE, config.outputKept().asLongValue());
        this.outputLimit = config.outputLimit().asLongValue();
        this.maxFileBytes = config.maxFileSize().asLongValue();
    }

    @PreDestroy
    void stop() {
        readers.shutdownNow();
    }

    public SandboxExecution run(SandboxCommand command, SandboxJob job, int slot) {
        Path dir = null;
        try {
            Files.createDirectories(workRoot);
            dir = Files.createTempDirectory(workRoot, "review-");
            prepare(dir, job);
            return execute(command, job, dir, slot);
        } catch (IOException e) {
            throw new ApiException(ErrorCode.SBX_003, "Cannot prepare the sandbox: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    private static void prepare(Path dir, SandboxJob job) throws IOException {
        for (Map.Entry<String, String> input : job.inputs().entrySet()) {
            Path file = dir.resolve(input.getKey());
            Files.writeString(file, input.getValue(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        for (String name : job.writable()) {
            // written by the sandbox user, which may differ from ours
            Path file = Files.createFile(dir.resolve(name));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        }
        Files.createDirectory(dir.resolve("tmp"));
    }

    private SandboxExecution execute(SandboxCommand command, SandboxJob job, Path dir, int slot) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.argv(job, dir, slot)).directory(dir.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(command.environment(dir));
        long started = System.nanoTime();
        Process process = builder.start();
        OutputCapture capture = new OutputCapture(process.getInputStream(), outputKept, outputLimit,
                () -> kill(process, command));
        Future<?> reading = readers.submit(capture);
        boolean finished = waitFor(process, job.wallTimeout().toMillis());
        if (!finished) {
            kill(process, command);
            waitFor(process, 5000);
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        drain(reading, process, command);
        return new SandboxExecution(process.isAlive() ? 137 : process.exitValue(), !finished, capture.exceeded(),
                capture.text(), capture.total(), readWritable(dir, job), durationMs);
    }

    private static boolean waitFor(Process process, long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void drain(Future<?> reading, Process process, SandboxCommand command) {
        try {
            reading.get(DRAIN_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // something that escaped the process still holds the pipe: kill what can be found, stop reading
            kill(process, command);
            closeQuietly(process.getInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.debugf("Output reader failed: %s", e.getCause());
        }
    }

    /** Every process of the run: the process group where the run leads one, then every descendant we can see. */
    private static void kill(Process process, SandboxCommand command) {
        if (command.leadsProcessGroup()) {
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(2, TimeUnit.SECONDS);
            } catch (IOException e) {
                LOG.warnf("Cannot kill process group %d: %s", process.pid(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private Map<String, byte[]> readWritable(Path dir, SandboxJob job) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : job.writable()) {
            Path file = dir.resolve(name);
            try {
                if (Files.isRegularFile(file) && Files.size(file) > 0 && Files.size(file) <= maxFileBytes) {
                    files.put(name, Files.readAllBytes(file));
                }
            } catch (IOException e) {
                LOG.debugf("Cannot read %s after the run: %s", name, e.getMessage());
            }
        }
        return files;
    }

    /** Deletes what the run left, making directories the sandboxed code locked (chmod 000) writable first. */
    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(SandboxRunner::deleteOne);
        } catch (IOException | UncheckedIOException e) {
            dir.toFile().setWritable(true);
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.forEach(p -> p.toFile().setExecutable(true, true));
            } catch (IOException | UncheckedIOException ignored) {
                // what cannot be walked is logged below
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(SandboxRunner::deleteOne);
            } catch (IOException | UncheckedIOException again) {
                LOG.warnf("Cannot delete sandbox directory %s: %s", dir, again.getMessage());
            }
        }
    }

    private static void deleteOne(Path path) {
        try {
            path.getParent().toFile().setWritable(true, true);
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Daemon threads: a stuck reader must never keep the service from shutting down. */
    public static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
