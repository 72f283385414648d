package io.codeagents.reviewer.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.common.concurrent.DaemonThreads;
import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.reviewer.config.SandboxConfig;

/**
 * Runs one {@link SandboxJob} with a {@link SandboxCommand}: a fresh host directory for the files it writes, its input
 * files handed over on stdin (then end of file), output drained and capped, the wall-clock limit, and on any limit
 * every process of the run killed. The directory is deleted afterwards whatever happened. Starting the sandbox and
 * running the job in it are separate steps, so that a sandbox can be started ahead of its job ({@link SandboxPool}).
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
    private final ExecutorService readers = Executors.newCachedThreadPool(DaemonThreads.named("sandbox-output"));

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

    /** Starts the job's sandbox and runs the job in it at once. */
    public SandboxExecution run(SandboxCommand command, SandboxJob job, int slot) {
        return finish(start(command, job.launch(), slot), job);
    }

    /**
     * A sandbox for the launch, started in a fresh host directory holding the files it may write, its output already
     * drained: it waits for its job's files ({@link #finish}) or is {@link #discard discarded}.
     */
    Started start(SandboxCommand command, SandboxJob.Launch launch, int slot) {
        Path dir = null;
        try {
            Files.createDirectories(workRoot);
            dir = Files.createTempDirectory(workRoot, "review-");
            prepare(dir, launch);
            ProcessBuilder builder = new ProcessBuilder(command.argv(launch, dir, slot)).directory(dir.toFile())
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(command.environment(dir));
            Process process = builder.start();
            OutputCapture capture = new OutputCapture(process.getInputStream(), outputKept, outputLimit,
                    () -> kill(process, command));
            return new Started(command, launch, dir, process, capture, readers.submit(capture));
        } catch (IOException e) {
            if (dir != null) {
                deleteTree(dir);
            }
            throw new ApiException(ErrorCode.SBX_003, "Cannot prepare the sandbox: " + e.getMessage(), e);
        }
    }

    /**
     * Hands the job's files to the started sandbox and waits for it, within the job's wall-clock limit; the directory
     * is deleted afterwards whatever happened.
     */
    SandboxExecution finish(Started started, SandboxJob job) {
        try {
            Process process = started.process();
            long begun = System.nanoTime();
            readers.execute(() -> handOver(process, job.inputs()));
            boolean finished = waitFor(process, job.wallTimeout().toMillis());
            if (!finished) {
                kill(process, started.command());
                waitFor(process, 5000);
            }
            long durationMs = (System.nanoTime() - begun) / 1_000_000;
            drain(started.reading(), process, started.command());
            OutputCapture capture = started.capture();
            return new SandboxExecution(process.isAlive() ? 137 : process.exitValue(), !finished, capture.exceeded(),
                    capture.text(), capture.total(), readWritable(started.dir(), started.launch()), durationMs);
        } finally {
            deleteTree(started.dir());
        }
    }

    /** Ends a started sandbox that will not run a job. */
    void discard(Started started) {
        kill(started.process(), started.command());
        waitFor(started.process(), 5000);
        deleteTree(started.dir());
    }

    /** A sandbox started by {@link #start}, waiting for its job's files on stdin. */
    record Started(SandboxCommand command, SandboxJob.Launch launch, Path dir, Process process, OutputCapture capture,
            Future<?> reading) {

        boolean alive() {
            return process.isAlive();
        }
    }

    private static void prepare(Path dir, SandboxJob.Launch launch) throws IOException {
        for (String name : launch.writable()) {
            // written by the sandbox user, which may differ from ours
            Path file = Files.createFile(dir.resolve(name));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        }
        Files.createDirectory(dir.resolve("tmp"));
    }

    /** The files as launch.py reads them: per file its name, size and bytes; then an empty line; then end of file. */
    private static void handOver(Process process, Map<String, String> inputs) {
        try (OutputStream in = process.getOutputStream()) {
            for (Map.Entry<String, String> input : new TreeMap<>(inputs).entrySet()) {
                byte[] content = input.getValue().getBytes(StandardCharsets.UTF_8);
                in.write((input.getKey() + "\n" + content.length + "\n").getBytes(StandardCharsets.UTF_8));
                in.write(content);
            }
            in.write('\n');
        } catch (IOException e) {
            // the sandbox ended before taking its job (a limit, a kill): its exit code and output say so
            LOG.debugf("Cannot hand the job to the sandbox: %s", e.getMessage());
        }
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

    private Map<String, byte[]> readWritable(Path dir, SandboxJob.Launch launch) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : launch.writable()) {
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
}
