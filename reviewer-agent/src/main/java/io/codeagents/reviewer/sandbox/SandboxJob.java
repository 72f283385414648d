package io.codeagents.reviewer.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One program to run in the sandbox: a script shipped with the service, its arguments, the files it works on.
 *
 * @param script file name of the script in the service's script directory
 * @param arguments arguments after the script; relative paths name files in the working directory
 * @param inputs files copied in read-only, by name in the working directory
 * @param writable files (by name) the program may write; created empty, read back after the run
 * @param wallTimeout wall-clock limit
 */
public record SandboxJob(String script, List<String> arguments, Map<String, String> inputs, List<String> writable,
        Duration wallTimeout) {

    public SandboxJob {
        arguments = List.copyOf(arguments);
        inputs = Map.copyOf(inputs);
        writable = List.copyOf(writable);
    }
}
