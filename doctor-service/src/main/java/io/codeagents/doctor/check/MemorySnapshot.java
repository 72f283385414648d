package io.codeagents.doctor.check;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Memory available for new work. On Linux {@code MemAvailable} (free plus reclaimable cache: "free" alone makes every
 * healthy machine look full), narrowed to the container's cgroup limit when there is one; elsewhere what the JVM sees.
 */
record MemorySnapshot(long totalBytes, long availableBytes, String source) {

    static MemorySnapshot read() {
        MemorySnapshot host = fromMeminfo(Path.of("/proc/meminfo"));
        if (host == null) {
            return fromJvm();
        }
        MemorySnapshot container = fromCgroup(Path.of("/sys/fs/cgroup"));
        return container != null && container.totalBytes < host.totalBytes ? container : host;
    }

    int availablePercent() {
        return totalBytes <= 0 ? 100 : (int) (availableBytes * 100 / totalBytes);
    }

    static MemorySnapshot fromMeminfo(Path meminfo) {
        try {
            long total = -1;
            long available = -1;
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemTotal:")) {
                    total = kilobytes(line);
                } else if (line.startsWith("MemAvailable:")) {
                    available = kilobytes(line);
                }
            }
            return total > 0 && available >= 0 ? new MemorySnapshot(total, available, "/proc/meminfo") : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** cgroup v2: the limit in memory.max, the use in memory.current less the reclaimable file cache. */
    static MemorySnapshot fromCgroup(Path cgroup) {
        try {
            String max = Files.readString(cgroup.resolve("memory.max")).trim();
            if (max.equals("max")) {
                return null;
            }
            long limit = Long.parseLong(max);
            long current = Long.parseLong(Files.readString(cgroup.resolve("memory.current")).trim());
            long inactiveFile = 0;
            List<String> stat = Files.readAllLines(cgroup.resolve("memory.stat"));
            for (String line : stat) {
                if (line.startsWith("inactive_file ")) {
                    inactiveFile = Long.parseLong(line.substring("inactive_file ".length()).trim());
                }
            }
            long used = Math.max(0, current - inactiveFile);
            return new MemorySnapshot(limit, Math.max(0, limit - used), "cgroup memory.max");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static MemorySnapshot fromJvm() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return new MemorySnapshot(os.getTotalMemorySize(), os.getFreeMemorySize(), "jvm");
        }
        return new MemorySnapshot(0, 0, "unknown");
    }

    private static long kilobytes(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
    }
}
