package io.codeagents.reviewer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where and how code under review runs: bubblewrap, the interpreter, resource limits and how many sandboxes may run at
 * once. Environment: {@code REVIEWER_SANDBOX_REQUIRE_ISOLATION}, {@code REVIEWER_SANDBOX_MAX_CONCURRENT}, …
 */
@ConfigMapping(prefix = "reviewer.sandbox")
public interface SandboxConfig {

    /**
     * When bubblewrap cannot run here: true refuses reviews with 503 {@code SBX_002}; false runs them with resource
     * limits and a timeout only, and every review says so in its {@code isolation}.
     */
    @WithDefault("true")
    boolean requireIsolation();

    /** The bubblewrap executable. */
    @WithDefault("/usr/bin/bwrap")
    String bwrap();

    /**
     * True: a fresh /proc of the sandbox's own PID namespace, or none at all where the host forbids mounting one (a
     * container whose /proc is partly masked, as Docker and Kubernetes do by default); false: never a /proc inside.
     */
    @WithDefault("true")
    boolean mountProc();

    /** The Python interpreter (a name on PATH or a path); resolved once at start-up to the real executable. */
    @WithDefault("python3")
    String python();

    /** Sandboxes running at once; the number of CPUs when unset. */
    OptionalInt maxConcurrent();

    /** Reviews that may wait for a sandbox; past it 503 {@code SBX_001} with Retry-After. */
    @WithDefault("32")
    int queueSize();

    /** How long a review waits for a sandbox before 503 {@code SBX_001}. */
    @WithDefault("30S")
    Duration queueTimeout();

    /** CPU seconds per process (SIGXCPU past it). */
    @WithDefault("10")
    int cpuSeconds();

    /** Wall-clock limit of one test run; past it every process in the sandbox is killed. */
    @WithDefault("20S")
    Duration wallTimeout();

    /** Wall-clock limit of the static analyser. */
    @WithDefault("10S")
    Duration analysisTimeout();

    /** Address space per process. */
    @WithDefault("512M")
    MemorySize memory();

    /** Processes (and threads) the sandbox user may have. */
    @WithDefault("64")
    int maxProcesses();

    /** Largest file a sandboxed process may write. */
    @WithDefault("16M")
    MemorySize maxFileSize();

    @WithDefault("64")
    int maxOpenFiles();

    /** Size of the in-memory working directory and of /tmp inside the sandbox. */
    @WithDefault("64M")
    MemorySize workdirSize();

    /** Output a run may write before it is killed. */
    @WithDefault("8M")
    MemorySize outputLimit();

    /** Output kept in the review (head and tail). */
    @WithDefault("32K")
    MemorySize outputKept();

    /**
     * When the service runs as root, sandboxed code runs as uid {@code uid-base + slot} (one user per concurrent
     * sandbox, so process limits of one run never starve another).
     */
    @WithDefault("60000")
    int uidBase();

    /**
     * Start each slot's next sandbox in the background once a run ends, with its interpreter up and pytest imported,
     * so that a review does not wait for that start-up; each sandbox still runs one job only.
     */
    @WithDefault("true")
    boolean prestart();

    /** Host directory for per-run files; the system temporary directory when unset. */
    Optional<Path> workRoot();
}
