package io.codeagents.reviewer.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One program to run in the sandbox: how it is launched, the files it works on and how long it may take.
 *
 * @param launch the script, its arguments and the files it may write: what a sandbox can be started with before
 *        the files are known
 * @param inputs files handed to the program when it runs (read-only in its working directory), by name
 * @param wallTimeout wall-clock limit, counted from the handover of the files
 */
public record SandboxJob(Launch launch, Map<String, String> inputs, Duration wallTimeout) {

    public SandboxJob {
        inputs = Map.copyOf(inputs);
    }

    /**
     * A job from its {@link Launch} parts.
     */
    public SandboxJob(String script, List<String> arguments, Map<String, String> inputs, List<String> writable,
            Duration wallTimeout) {
        this(new Launch(script, arguments, writable), inputs, wallTimeout);
    }

    /**
     * @param script file name of the script in the service's script directory
     * @param arguments arguments after the script; relative paths name files in the working directory
     * @param writable files (by name) the program may write; created empty, read back after the run
     */
    public record Launch(String script, List<String> arguments, List<String> writable) {

        public Launch {
            arguments = List.copyOf(arguments);
            writable = List.copyOf(writable);
        }
    }
}
