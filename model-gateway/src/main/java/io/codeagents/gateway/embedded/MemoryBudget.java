package io.codeagents.gateway.embedded;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How much memory a model may still take: the kernel's {@code MemAvailable} (free memory plus reclaimable cache),
 * lowered to what the cgroup limit leaves when the process runs in a container. Where neither can be read (not Linux),
 * the JVM's view of free physical memory.
 */
final class MemoryBudget {

    private final Path procRoot;
    private final Path cgroupRoot;

    MemoryBudget() {
        this(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }

    MemoryBudget(Path procRoot, Path cgroupRoot) {
        this.procRoot = procRoot;
        this.cgroupRoot = cgroupRoot;
    }

    long availableBytes() {
        long available = memAvailable().orElseGet(MemoryBudget::jvmFreePhysical);
        OptionalLong cgroup = cgroupHeadroom();
        return cgroup.isPresent() ? Math.min(available, cgroup.getAsLong()) : available;
    }

    private OptionalLong memAvailable() {
        try {
            for (String line : Files.readAllLines(procRoot.resolve("meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    String[] parts = line.trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[1]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a restricted /proc
        }
        return OptionalLong.empty();
    }

    /** Limit minus usage of this process's cgroup (v2, then v1); empty when unlimited or unknown. */
    private OptionalLong cgroupHeadroom() {
        OptionalLong v2 = headroom(cgroupRoot.resolve("memory.max"), cgroupRoot.resolve("memory.current"));
        return v2.isPresent()
                ? v2
                : headroom(cgroupRoot.resolve("memory/memory.limit_in_bytes"),
                        cgroupRoot.resolve("memory/memory.usage_in_bytes"));
    }

    private static OptionalLong headroom(Path limitFile, Path usageFile) {
        try {
            String limit = Files.readString(limitFile).trim();
            if (limit.equals("max")) {
                return OptionalLong.empty();
            }
            long max = Long.parseLong(limit);
            // cgroup v1 reports "unlimited" as a number near Long.MAX_VALUE
            if (max > (1L << 60)) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(0, max - Long.parseLong(Files.readString(usageFile).trim())));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static long jvmFreePhysical() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getFreeMemorySize();
        }
        return Long.MAX_VALUE;
    }
}
