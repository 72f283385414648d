package io.codeagents.reviewer.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How one sandbox mode starts a {@link SandboxJob}: the command line, its environment and working directory. The
 * command starts {@code launch.py}, which takes the job's files from stdin.
 */
interface SandboxCommand {

    /** The script that starts every job (see its docstring). */
    String LAUNCHER = "launch.py";

    /** The command line for the job, whose writable files are in {@code hostWorkdir}, running in the given slot. */
    List<String> argv(SandboxJob.Launch launch, Path hostWorkdir, int slot);

    /** The complete environment of the started process (nothing of the service's own is passed on). */
    Map<String, String> environment(Path hostWorkdir);

    /** True when the started process leads its own process group, which is then killed as a whole. */
    boolean leadsProcessGroup();

    /** The same environment variables for the interpreter in every mode. */
    static Map<String, String> pythonEnvironment(PythonInterpreter python, String workdir, String tmp) {
        return Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", workdir, "TMPDIR", tmp, "LANG", "C.UTF-8",
                "PYTHONIOENCODING", "utf-8", "PYTHONDONTWRITEBYTECODE", "1", "PYTHONPATH",
                String.join(":", python.siteDirs().stream().map(Path::toString).toList()));
    }

    /**
     * The interpreter running the launcher with the job's script and arguments. {@code -S}: no site processing, whose
     * .pth files cost a tenth of a second; the packages come by PYTHONPATH.
     */
    static List<String> python(PythonInterpreter python, String scriptsDir, SandboxJob.Launch launch) {
        List<String> argv = new java.util.ArrayList<>(
                List.of(python.executable().toString(), "-S", "-B", scriptsDir + "/" + LAUNCHER, launch.script()));
        argv.addAll(launch.arguments());
        return argv;
    }
}
