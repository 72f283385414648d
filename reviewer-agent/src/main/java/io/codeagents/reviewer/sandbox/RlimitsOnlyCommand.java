package io.codeagents.reviewer.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fallback where bubblewrap cannot run and the configuration allows it: the job runs as the service's own user
 * in a fresh directory, in its own session and process group, with rlimits, a cleared environment and the wall-clock
 * limit. It can read what the service's user can read and reach the network: {@link Isolation} says so.
 */
final class RlimitsOnlyCommand implements SandboxCommand {

    private final Optional<String> setsid;
    private final String prlimit;
    private final PythonInterpreter python;
    private final Path scripts;
    private final ResourceLimits limits;

    RlimitsOnlyCommand(Optional<String> setsid, String prlimit, PythonInterpreter python, Path scripts,
            ResourceLimits limits) {
        this.setsid = setsid;
        this.prlimit = prlimit;
        this.python = python;
        this.scripts = scripts;
        this.limits = limits;
    }

    @Override
    public List<String> argv(SandboxJob.Launch launch, Path hostWorkdir, int slot) {
        List<String> a = new ArrayList<>();
        setsid.ifPresent(a::add);
        a.addAll(limits.prlimit(prlimit));
        a.addAll(SandboxCommand.python(python, scripts.toString(), launch));
        return a;
    }

    @Override
    public Map<String, String> environment(Path hostWorkdir) {
        return SandboxCommand.pythonEnvironment(python, hostWorkdir.toString(), hostWorkdir.resolve("tmp").toString());
    }

    @Override
    public boolean leadsProcessGroup() {
        return setsid.isPresent();
    }
}
