package io.codeagents.reviewer.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.reviewer.config.SandboxConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * What this host can do to contain code, found out once at start-up by trying it: the real Python interpreter, the
 * scripts shipped with the service, bubblewrap (a trial run through the exact command reviews use) and, where the
 * configuration allows, the rlimits-only fallback. The result is stated plainly in {@link Isolation}.
 */
@ApplicationScoped
public class SandboxEnvironment {

    private static final Logger LOG = Logger.getLogger(SandboxEnvironment.class);
    static final List<String> SCRIPTS = List.of(SandboxCommand.LAUNCHER, "analyse.py", "run_tests.py", "sandbox_check.py");
    private static final Duration TRIAL_TIMEOUT = Duration.ofSeconds(20);

    private final SandboxConfig config;
    private final SandboxRunner runner;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Detected detected;
    private Path scriptsDir;

    private record Detected(Isolation isolation, Optional<SandboxCommand> command) {
    }

    public SandboxEnvironment(SandboxConfig config, SandboxRunner runner) {
        this.config = config;
        this.runner = runner;
    }

    void onStart(@Observes StartupEvent event) {
        Isolation isolation = isolation();
        if (isolation.problems().isEmpty()) {
            LOG.infof("Sandbox: %s, %s, %s", isolation.mode(), isolation.interpreter(), isolation.testRunner());
        } else {
            LOG.warnf("Sandbox: %s; %s", isolation.mode(), String.join("; ", isolation.problems()));
        }
    }

    @PreDestroy
    void removeScripts() {
        if (scriptsDir != null) {
            SandboxRunner.deleteTree(scriptsDir);
        }
    }

    public Isolation isolation() {
        return detected().isolation();
    }

    /** The command reviews run with, or 503 {@code SBX_002} saying why there is none. */
    SandboxCommand command() {
        return detected().command().orElseThrow(() -> new ApiException(ErrorCode.SBX_002,
                "The sandbox cannot run on this host: " + String.join("; ", isolation().problems())));
    }

    /** Fails with 503 {@code SBX_002} when no review can run here. */
    public void requireRunnable() {
        command();
    }

    private Detected detected() {
        Detected current = detected;
        if (current == null) {
            synchronized (this) {
                if (detected == null) {
                    detected = detect();
                }
                current = detected;
            }
        }
        return current;
    }

    private Detected detect() {
        List<String> problems = new ArrayList<>();
        Optional<PythonInterpreter> python = probePython(problems);
        Optional<String> prlimit = which("prlimit");
        if (prlimit.isEmpty()) {
            problems.add("prlimit (util-linux) is not installed: no resource limits can be set");
        }
        try {
            scriptsDir = extractScripts();
        } catch (IOException e) {
            problems.add("cannot write the sandbox scripts to " + workRoot() + ": " + e.getMessage());
        }
        if (python.isEmpty() || prlimit.isEmpty() || scriptsDir == null) {
            return unavailable(problems, python);
        }
        ResourceLimits limits = new ResourceLimits(config.cpuSeconds(), config.memory().asLongValue(),
                config.maxProcesses(), config.maxFileSize().asLongValue(), config.maxOpenFiles());
        boolean root = effectiveUid() == 0;
        Optional<BubblewrapCommand.PrivilegeDrop> drop = Optional.empty();
        if (root) {
            drop = which("setpriv").map(setpriv -> new BubblewrapCommand.PrivilegeDrop(setpriv, config.uidBase()));
        }
        String failure;
        if (root && drop.isEmpty()) {
            failure = "the service runs as root and setpriv (util-linux) is missing, so the code cannot drop to an unprivileged user";
        } else {
            BubblewrapCommand bubblewrap = new BubblewrapCommand(config.bwrap(), prlimit.get(), python.get(), scriptsDir,
                    limits, config.workdirSize().asLongValue(), drop, config.mountProc());
            failure = trial(bubblewrap);
            if (failure != null && bubblewrap.mountsProc() && failure.contains("Can't mount proc")) {
                // a container's /proc with masked parts (Docker, Kubernetes) forbids mounting a new one: the sandbox
                // then has none, which hides even its own processes; isolation is otherwise the same
                BubblewrapCommand withoutProc = bubblewrap.withoutProc();
                if (trial(withoutProc) == null) {
                    LOG.infof("Sandbox: /proc cannot be mounted here (%s): sandboxes run without one", failure);
                    problems.add("no /proc inside the sandbox: this host forbids mounting one (a container's masked"
                            + " /proc); code under review sees no processes at all. Docker Compose v2:"
                            + " security_opt systempaths=unconfined gives it its own /proc again");
                    bubblewrap = withoutProc;
                    failure = null;
                }
            }
            if (failure == null) {
                return new Detected(describe(Isolation.BUBBLEWRAP, python.get(), root, problems, bubblewrap.mountsProc()),
                        Optional.of(bubblewrap));
            }
        }
        problems.add("bubblewrap cannot run here: " + failure);
        if (config.requireIsolation()) {
            problems.add("reviews are refused because isolation is required; set REVIEWER_SANDBOX_REQUIRE_ISOLATION=false"
                    + " to run tests with resource limits and a timeout only");
            return unavailable(problems, python);
        }
        RlimitsOnlyCommand fallback = new RlimitsOnlyCommand(which("setsid"), prlimit.get(), python.get(), scriptsDir,
                limits);
        String fallbackFailure = trial(fallback);
        if (fallbackFailure != null) {
            problems.add("the resource-limited fallback cannot run either: " + fallbackFailure);
            return unavailable(problems, python);
        }
        problems.add("without bubblewrap the code under review runs as the service's own user: it can read what that"
                + " user can read, use the network and see other processes");
        return new Detected(describe(Isolation.RLIMITS_ONLY, python.get(), root, problems, false), Optional.of(fallback));
    }

    /** Null when the command runs the check script and prints what it should, else what went wrong. */
    private String trial(SandboxCommand command) {
        try {
            SandboxExecution run = runner.run(command,
                    new SandboxJob("sandbox_check.py", List.of(), Map.of(), List.of(), TRIAL_TIMEOUT), 0);
            if (run.exitCode() == 0 && run.output().contains("sandbox-ok")) {
                return null;
            }
            return run.timedOut()
                    ? "the check did not finish within " + TRIAL_TIMEOUT.toSeconds() + " s"
                    : "exit code " + run.exitCode() + ": " + run.lastOutputLine();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private Isolation describe(String mode, PythonInterpreter python, boolean root, List<String> problems, boolean proc) {
        boolean bubblewrap = Isolation.BUBBLEWRAP.equals(mode);
        String tmpfs = config.workdirSize().asLongValue() / (1024 * 1024) + " MiB";
        return new Isolation(mode, !bubblewrap,
                bubblewrap
                        ? "system directories and the interpreter read-only; writable only the in-memory working directory"
                                + " and /tmp (" + tmpfs + " each); nothing else of the host is visible"
                        : "the host's filesystem with the service user's rights; a fresh working directory",
                !bubblewrap
                        ? "the host's processes are visible; the run has its own session and process group"
                        : proc
                                ? "own PID namespace: only the run's own processes are visible"
                                : "own PID namespace and no /proc: no process is visible",
                bubblewrap && root
                        ? "unprivileged uid " + config.uidBase() + "+slot (one per concurrent sandbox), no capabilities"
                        : bubblewrap ? "the service's user inside a user namespace, no capabilities" : "the service's user",
                "cleared: only PATH, HOME, TMPDIR, LANG and PYTHON* variables set by the reviewer", limits(),
                python.executable() + " (" + python.version() + ")", python.testRunner(), List.copyOf(problems));
    }

    private Detected unavailable(List<String> problems, Optional<PythonInterpreter> python) {
        return new Detected(new Isolation(Isolation.UNAVAILABLE, false, null, null, null, null, limits(),
                python.map(p -> p.executable() + " (" + p.version() + ")").orElse(null),
                python.map(PythonInterpreter::testRunner).orElse(null), List.copyOf(problems)), Optional.empty());
    }

    private Isolation.Limits limits() {
        return new Isolation.Limits(config.cpuSeconds(), config.wallTimeout().toMillis(), config.memory().asLongValue(),
                config.maxProcesses(), config.maxFileSize().asLongValue(), config.maxOpenFiles(),
                config.outputLimit().asLongValue(), config.workdirSize().asLongValue());
    }

    /** Asks the configured interpreter about itself, with the service's environment (a pyenv shim needs it). */
    private Optional<PythonInterpreter> probePython(List<String> problems) {
        try {
            Process process = new ProcessBuilder(config.python(), "-c", PythonInterpreter.PROBE).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                problems.add("the Python interpreter '" + config.python() + "' failed: " + output.strip());
                return Optional.empty();
            }
            JsonNode node = json.readTree(output.substring(output.indexOf('{')));
            List<Path> prefixes = new ArrayList<>();
            node.get("prefixes").forEach(p -> prefixes.add(Path.of(p.asText())));
            List<Path> sites = new ArrayList<>();
            node.get("site_dirs").forEach(p -> sites.add(Path.of(p.asText())));
            Optional<String> pytest = node.get("pytest").isNull()
                    ? Optional.empty()
                    : Optional.of(node.get("pytest").asText());
            return Optional.of(new PythonInterpreter(Path.of(node.get("executable").asText()), node.get("version").asText(),
                    prefixes, sites, pytest));
        } catch (IOException | RuntimeException e) {
            problems.add("the Python interpreter '" + config.python() + "' cannot be started: " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted while probing the Python interpreter");
            return Optional.empty();
        }
    }

    private Path extractScripts() throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(workRoot()), "reviewer-scripts-");
        // world-readable: the sandbox user may not be the service's user
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String script : SCRIPTS) {
            try (InputStream in = SandboxEnvironment.class.getResourceAsStream("/sandbox/" + script)) {
                if (in == null) {
                    throw new IOException("sandbox/" + script + " is missing from the service's resources");
                }
                Path target = dir.resolve(script);
                Files.copy(in, target);
                Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        return dir;
    }

    private Path workRoot() {
        return config.workRoot().orElse(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** The effective uid, from /proc (no JDK API exposes it). */
    static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.split("\\s+")[2]);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Cannot read the effective uid: %s", e.getMessage());
        }
        return -1;
    }

    static Optional<String> which(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name).toString());
            }
        }
        return Optional.empty();
    }
}
