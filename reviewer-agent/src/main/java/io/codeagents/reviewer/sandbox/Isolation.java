package io.codeagents.reviewer.sandbox;

import java.util.List;

/**
 * The isolation actually in force, reported in every review and in readiness, so nobody has to guess how contained a
 * test run was.
 *
 * @param mode {@code bubblewrap}, {@code rlimits_only} (bubblewrap cannot run here and the configuration allows that)
 *        or {@code unavailable} (nothing runs)
 * @param network whether sandboxed code can reach the network
 * @param filesystem what sandboxed code can see and write
 * @param processes what sandboxed code can see of other processes
 * @param user whom sandboxed code runs as
 * @param environment what sandboxed code sees of the service's environment
 * @param limits resource limits applied to every sandboxed process
 * @param interpreter the Python interpreter and its version
 * @param testRunner pytest and its version, or the standard-library runner
 * @param problems plain statements of what is missing, empty when fully isolated
 */
public record Isolation(String mode, boolean network, String filesystem, String processes, String user,
        String environment, Limits limits, String interpreter, String testRunner, List<String> problems) {

    public static final String BUBBLEWRAP = "bubblewrap";
    public static final String RLIMITS_ONLY = "rlimits_only";
    public static final String UNAVAILABLE = "unavailable";

    /** Resource limits per sandboxed process (processes: per sandbox user). */
    public record Limits(int cpuSeconds, long wallTimeoutMs, long memoryBytes, int processes, long fileSizeBytes,
            int openFiles, long outputBytes, long workdirBytes) {
    }

    public boolean isolated() {
        return BUBBLEWRAP.equals(mode);
    }

    public boolean runnable() {
        return !UNAVAILABLE.equals(mode);
    }
}
