package io.codeagents.reviewer.service;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.codeagents.reviewer.sandbox.Isolation;

/**
 * Recognises a test that failed because the sandbox stopped it (a limit, a denied write, no network, no stdin) rather
 * than because the code gave a wrong answer, and says which, so a review reads "memory limit of 512 MiB reached"
 * instead of a bare MemoryError.
 */
final class SandboxViolations {

    private record Rule(Pattern pattern, String what) {
    }

    private final List<Rule> rules;

    SandboxViolations(Isolation.Limits limits) {
        this.rules = List.of(
                rule("MemoryError", "memory limit of " + mib(limits.memoryBytes()) + " reached"),
                rule("\\[Errno 11\\] Resource temporarily unavailable", "process limit of " + limits.processes() + " reached"),
                rule("\\[Errno 24\\] Too many open files", "open-file limit of " + limits.openFiles() + " reached"),
                rule("\\[Errno 27\\] File too large", "file-size limit of " + mib(limits.fileSizeBytes()) + " reached"),
                rule("\\[Errno 28\\] No space left on device",
                        "the sandbox's " + mib(limits.workdirBytes()) + " in-memory disk is full"),
                rule("\\[Errno 30\\] Read-only file system", "writing outside the sandbox's working directory is denied"),
                rule("\\[Errno 13\\] Permission denied", "access denied by the sandbox"),
                rule("\\[Errno 1\\] Operation not permitted", "operation not permitted in the sandbox"),
                rule("\\[Errno (101|111|113|99|97)\\]|gaierror|Name or service not known|Temporary failure in name resolution",
                        "network access denied (the sandbox has no network)"),
                rule("reading from stdin while output is captured|EOFError",
                        "standard input is not available in the sandbox"),
                rule("\\[Errno 2\\] No such file or directory: '/(?!sandbox/|tmp/)",
                        "the path is outside the sandbox and not visible in it"));
    }

    private static Rule rule(String regex, String what) {
        return new Rule(Pattern.compile(regex), what);
    }

    /** What the sandbox stopped, when the failure text shows it did. */
    Optional<String> recognise(String failureText) {
        return rules.stream().filter(r -> r.pattern().matcher(failureText).find()).map(Rule::what).findFirst();
    }

    static String mib(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
    }
}
