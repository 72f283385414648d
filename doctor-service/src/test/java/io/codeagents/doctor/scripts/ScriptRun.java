package io.codeagents.doctor.scripts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One run of a repository script as a user would run it: its exit code, standard output and error. */
public record ScriptRun(int exitCode, String stdout, String stderr) {

    /** The repository's scripts/ (tests run from the module directory). */
    public static Path script(String name) {
        Path script = Path.of("..", "scripts", name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no script " + script);
        }
        return script;
    }

    /**
     * Runs {@code bash script args…} with the given environment added to a clean one (no API key, no colours, a run
     * directory of its own so a key left in .run/ by run-local.sh is not picked up).
     */
    public static ScriptRun run(String name, Map<String, String> env, String... args) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script(name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Path runDir = Files.createTempDirectory("script-run");
        builder.environment().remove("CODEAGENTS_API_KEY");
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("CODEAGENTS_RUN_DIR", runDir.toString());
        builder.environment().putAll(env);
        Path out = Files.createTempFile("script", ".out");
        Path err = Files.createTempFile("script", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish within 120 s");
        }
        return new ScriptRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
}
