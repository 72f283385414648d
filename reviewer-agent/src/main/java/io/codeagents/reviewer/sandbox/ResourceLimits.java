package io.codeagents.reviewer.sandbox;

import java.util.List;

/**
 * The rlimits every sandboxed process starts with, applied by {@code prlimit} before the interpreter starts (so the
 * code under review cannot raise them: the hard limits are set too).
 */
record ResourceLimits(int cpuSeconds, long memoryBytes, int processes, long fileSizeBytes, int openFiles) {

    /**
     * The CPU hard limit is one second above the soft one: the soft limit sends SIGXCPU, which ends Python with a
     * recognisable signal; the hard limit's SIGKILL only catches code that ignores it.
     */
    List<String> prlimit(String prlimit) {
        return List.of(prlimit, "--cpu=" + cpuSeconds + ":" + (cpuSeconds + 1), "--as=" + memoryBytes,
                "--nproc=" + processes, "--fsize=" + fileSizeBytes, "--nofile=" + openFiles, "--core=0", "--");
    }
}
