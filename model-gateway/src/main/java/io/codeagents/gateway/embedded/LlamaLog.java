package io.codeagents.gateway.embedded;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

/**
 * llama.cpp's own log, read from a named pipe it writes to ({@code --log-file}): the only place where the bundled
 * binding reports exact token counts (its streamed pieces hold back tokens that end inside a UTF-8 character, so
 * counting pieces under-counts) and why a model failed to load. Each line is passed to the gateway's log at DEBUG;
 * per task the prompt tokens ({@code new prompt, … n_prompt_tokens = N}) and the generated tokens (the
 * {@code eval time = … / N tokens} line of {@code print_timing}) are kept for the generation that waits for them.
 * llama.cpp writes these before it sends a task's final result, so the counts arrive within milliseconds of the end.
 * The native log is one per process, so this is too: the pipe is handed to the first model load only, and llama.cpp
 * keeps writing to it for the life of the process.
 */
final class LlamaLog {

    private static final Logger LOG = Logger.getLogger("io.codeagents.gateway.embedded.llama");
    private static final Pattern TASK = Pattern.compile("\\| task (\\d+) \\|");
    private static final Pattern PROMPT = Pattern.compile("new prompt, .*n_prompt_tokens = (\\d+)");
    private static final Pattern EVAL = Pattern.compile("^\\s*eval time = .*/\\s*(\\d+) tokens");
    private static final Pattern LOAD_ERROR = Pattern.compile("error loading model: (.*)");
    private static final int KEPT_TASKS = 512;
    /**
     * llama.cpp logs two debug lines per generated token; reading them as they come would wake this thread thousands of
     * times a second, taking CPU from the generation. Lines are taken in batches this far apart instead (a generation
     * waiting for its counts wakes the reader at once), and after {@link #POLLS_BEFORE_BLOCKING} empty polls the
     * reader blocks until the next line, so an idle gateway does not poll.
     */
    private static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int POLLS_BEFORE_BLOCKING = 100;

    /** Exact counts of one task, as llama.cpp reported them. */
    record TaskCounts(int promptTokens, int generatedTokens) {
    }

    private static final class Task {
        int promptTokens = -1;
        final CompletableFuture<TaskCounts> counts = new CompletableFuture<>();
    }

    private static LlamaLog shared;

    private final Path pipe;
    private final AtomicBoolean handedOut = new AtomicBoolean();
    private final Map<Integer, Task> tasks = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Task> eldest) {
            return size() > KEPT_TASKS;
        }
    };
    private volatile String loadError;
    private volatile Thread reader;
    private int timingTask = -1;

    private LlamaLog(Path pipe) {
        this.pipe = pipe;
    }

    static synchronized LlamaLog shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** Creates the pipe and its reader; without {@code mkfifo} (not Linux) there is no log, and counts are estimates. */
    private static LlamaLog start() {
        try {
            Path dir = Files.createTempDirectory("codeagents-llama-");
            Path pipe = dir.resolve("llama.log");
            dir.toFile().deleteOnExit();
            Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", pipe.toString()).redirectErrorStream(true)
                    .start();
            if (mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0) {
                pipe.toFile().deleteOnExit();
                LlamaLog log = new LlamaLog(pipe);
                Thread reader = new Thread(log::read, "llama-log");
                reader.setDaemon(true);
                reader.start();
                return log;
            }
        } catch (IOException e) {
            LOG.debugf("No llama.cpp log pipe: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.warn("Cannot create a named pipe for llama.cpp's log: token counts of embedded generations are estimates");
        return new LlamaLog(null);
    }

    /** The pipe to pass as llama.cpp's log file: to the first load of the process only (it then stays set). */
    Optional<Path> fileForFirstLoad() {
        return pipe != null && handedOut.compareAndSet(false, true) ? Optional.of(pipe) : Optional.empty();
    }

    /** Whether exact counts can come (the pipe exists and was handed to llama.cpp). */
    boolean counting() {
        return pipe != null && handedOut.get();
    }

    /** Forgets the last load error; call before a load. */
    void beforeLoad() {
        loadError = null;
    }

    /** Why the last load failed, as llama.cpp said it (waits briefly: the log lags the failure by a few ms). */
    Optional<String> loadError(long waitMillis) {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (pipe != null && loadError == null && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.ofNullable(loadError);
    }

    /** The counts of a task, completed when llama.cpp logged them (never, without a pipe). */
    CompletableFuture<TaskCounts> counts(int taskId) {
        synchronized (tasks) {
            return tasks.computeIfAbsent(taskId, id -> new Task()).counts;
        }
    }

    /** Waits for counts llama.cpp is about to log (its task ended), waking the reader so they come at once. */
    TaskCounts await(CompletableFuture<TaskCounts> counts, long timeoutMillis) throws Exception {
        Thread current = reader;
        if (current != null) {
            LockSupport.unpark(current);
        }
        return counts.get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void read() {
        reader = Thread.currentThread();
        while (true) {
            // opening blocks until llama.cpp opens the pipe for writing; EOF means it closed it: open again
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(new FileInputStream(pipe.toFile()), StandardCharsets.UTF_8), 1 << 16)) {
                int emptyPolls = 0;
                while (true) {
                    if (!lines.ready() && emptyPolls < POLLS_BEFORE_BLOCKING) {
                        LockSupport.parkNanos(BATCH_NANOS);
                        emptyPolls++;
                        continue;
                    }
                    emptyPolls = 0;
                    String line = lines.readLine();
                    if (line == null) {
                        break;
                    }
                    handle(line);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debugf("llama.cpp log pipe: %s", e.toString());
                pause();
            }
        }
    }

    void handle(String line) {
        LOG.debug(line);
        // most lines are per-token debug output: look closer only at the few kinds that matter
        if (line.indexOf("task ") < 0 && line.indexOf("eval time") < 0 && line.indexOf("model") < 0) {
            return;
        }
        if (line.contains("load_model: loading model")) {
            // a new model: its task ids start again from 0
            synchronized (tasks) {
                tasks.clear();
                timingTask = -1;
            }
            return;
        }
        Matcher error = LOAD_ERROR.matcher(line);
        if (error.find() && loadError == null) {
            loadError = error.group(1).trim();
            return;
        }
        Matcher task = TASK.matcher(line);
        if (task.find()) {
            int id = Integer.parseInt(task.group(1));
            Matcher prompt = PROMPT.matcher(line);
            synchronized (tasks) {
                if (prompt.find()) {
                    tasks.computeIfAbsent(id, i -> new Task()).promptTokens = Integer.parseInt(prompt.group(1));
                } else if (line.contains("print_timing")) {
                    timingTask = id;
                }
            }
            return;
        }
        Matcher eval = EVAL.matcher(line);
        if (eval.find()) {
            synchronized (tasks) {
                if (timingTask >= 0) {
                    Task t = tasks.computeIfAbsent(timingTask, i -> new Task());
                    t.counts.complete(new TaskCounts(Math.max(0, t.promptTokens), Integer.parseInt(eval.group(1))));
                    timingTask = -1;
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
