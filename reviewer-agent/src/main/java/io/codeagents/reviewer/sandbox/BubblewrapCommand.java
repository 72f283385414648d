package io.codeagents.reviewer.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job inside bubblewrap: new mount, PID, network, IPC and UTS namespaces; the system read-only; the working
 * directory and /tmp size-limited in-memory filesystems holding only the job's files (written there by the launcher,
 * which takes them from stdin; the files it may write are bound from the host); nothing of the service's
 * environment; rlimits set before the interpreter starts. As root, the code drops to a per-slot unprivileged user
 * (without it RLIMIT_NPROC is not enforced); otherwise bubblewrap's user namespace keeps the service's own user.
 */
final class BubblewrapCommand implements SandboxCommand {

    static final String WORKDIR = "/sandbox";
    static final String SCRIPTS = "/opt/reviewer";
    private static final List<String> SYSTEM_DIRS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final List<String> SYSTEM_FILES = List.of("/etc/ld.so.cache", "/etc/localtime", "/etc/alternatives");

    private final String bwrap;
    private final String prlimit;
    private final PythonInterpreter python;
    private final Path scripts;
    private final ResourceLimits limits;
    private final long tmpfsBytes;
    private final Optional<PrivilegeDrop> drop;
    private final boolean mountProc;

    /** Running as root: the command that changes user and the first of the per-slot uids. */
    record PrivilegeDrop(String setpriv, int uidBase) {
        List<String> argv(int slot) {
            int uid = uidBase + slot;
            return List.of(setpriv, "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--no-new-privs",
                    "--inh-caps=-all", "--bounding-set=-all", "--");
        }
    }

    BubblewrapCommand(String bwrap, String prlimit, PythonInterpreter python, Path scripts, ResourceLimits limits,
            long tmpfsBytes, Optional<PrivilegeDrop> drop, boolean mountProc) {
        this.bwrap = bwrap;
        this.prlimit = prlimit;
        this.python = python;
        this.scripts = scripts;
        this.limits = limits;
        this.tmpfsBytes = tmpfsBytes;
        this.drop = drop;
        this.mountProc = mountProc;
    }

    /** The same sandbox without a /proc inside it (where the host forbids mounting one). */
    BubblewrapCommand withoutProc() {
        return new BubblewrapCommand(bwrap, prlimit, python, scripts, limits, tmpfsBytes, drop, false);
    }

    boolean mountsProc() {
        return mountProc;
    }

    @Override
    public List<String> argv(SandboxJob.Launch launch, Path hostWorkdir, int slot) {
        List<String> a = new ArrayList<>(List.of(bwrap, "--die-with-parent", "--new-session", "--clearenv"));
        if (drop.isPresent()) {
            // no user namespace: bubblewrap runs with root's capabilities and keeps only those setpriv needs
            a.addAll(List.of("--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
                    "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"));
        } else {
            a.add("--unshare-all");
        }
        a.addAll(List.of("--hostname", "sandbox", "--ro-bind", "/usr", "/usr"));
        for (String dir : SYSTEM_DIRS) {
            Path path = Path.of(dir);
            if (Files.isSymbolicLink(path)) {
                a.addAll(List.of("--symlink", readLink(path), dir));
            } else if (Files.isDirectory(path)) {
                a.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        SYSTEM_FILES.forEach(f -> a.addAll(List.of("--ro-bind-try", f, f)));
        if (mountProc) {
            a.addAll(List.of("--proc", "/proc"));
        }
        a.addAll(List.of("--dev", "/dev"));
        a.addAll(List.of("--size", Long.toString(tmpfsBytes), "--perms", "1777", "--tmpfs", "/tmp"));
        a.addAll(List.of("--size", Long.toString(tmpfsBytes), "--perms", "1777", "--tmpfs", WORKDIR));
        // after the tmpfs mounts, so an interpreter under /tmp (a virtualenv) stays visible
        bindOutsideUsr(a);
        a.addAll(List.of("--perms", "0755", "--dir", "/opt", "--ro-bind", scripts.toString(), SCRIPTS));
        launch.writable()
                .forEach(name -> a.addAll(List.of("--bind", hostWorkdir.resolve(name).toString(), WORKDIR + "/" + name)));
        a.addAll(List.of("--chdir", WORKDIR));
        SandboxCommand.pythonEnvironment(python, WORKDIR, "/tmp").entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> a.addAll(List.of("--setenv", e.getKey(), e.getValue())));
        a.add("--");
        drop.ifPresent(d -> a.addAll(d.argv(slot)));
        a.addAll(limits.prlimit(prlimit));
        a.addAll(SandboxCommand.python(python, SCRIPTS, launch));
        return a;
    }

    /**
     * The interpreter may live outside /usr (pyenv under /root): bind it at the same path, creating its ancestors
     * world-readable, since bubblewrap would otherwise copy /root's 0700.
     */
    private void bindOutsideUsr(List<String> a) {
        List<Path> bound = new ArrayList<>();
        List<Path> wanted = new ArrayList<>(python.prefixes());
        wanted.addAll(python.siteDirs());
        for (Path path : wanted) {
            if (path.startsWith("/usr") || bound.stream().anyMatch(path::startsWith) || !Files.isDirectory(path)) {
                continue;
            }
            for (int i = 1; i < path.getNameCount(); i++) {
                a.addAll(List.of("--perms", "0755", "--dir", "/" + path.subpath(0, i)));
            }
            a.addAll(List.of("--ro-bind", path.toString(), path.toString()));
            bound.add(path);
        }
    }

    private static String readLink(Path path) {
        try {
            return Files.readSymbolicLink(path).toString();
        } catch (java.io.IOException e) {
            return path.toString();
        }
    }

    @Override
    public Map<String, String> environment(Path hostWorkdir) {
        return Map.of("PATH", "/usr/bin:/bin");
    }

    @Override
    public boolean leadsProcessGroup() {
        return false;
    }
}
