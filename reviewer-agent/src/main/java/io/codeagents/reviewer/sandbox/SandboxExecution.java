package io.codeagents.reviewer.sandbox;

import java.util.Map;

/**
 * How a sandboxed program ended.
 *
 * @param exitCode the exit status of the outermost process; 128 + n when a signal n ended the program
 * @param timedOut the wall-clock limit was reached and every process was killed
 * @param outputExceeded the program wrote more than the output limit and was killed
 * @param output what it wrote to stdout and stderr, head and tail kept within the configured size
 * @param outputBytes how much it wrote in total
 * @param files contents of the job's writable files after the run (absent when empty)
 * @param durationMs wall-clock time of the run
 */
public record SandboxExecution(int exitCode, boolean timedOut, boolean outputExceeded, String output, long outputBytes,
        Map<String, byte[]> files, long durationMs) {

    /** The signal that ended the program, or 0 when it exited by itself. */
    public int signal() {
        return exitCode > 128 && exitCode < 128 + 65 ? exitCode - 128 : 0;
    }

    /** The last non-blank output line, which usually names what went wrong. */
    public String lastOutputLine() {
        String[] lines = output.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
