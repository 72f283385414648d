package io.codeagents.gateway.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryBudgetTest {

    @TempDir
    Path proc;
    @TempDir
    Path cgroup;

    private void meminfo(long availableKb) throws IOException {
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       24000000 kB\nMemFree:         1000000 kB\n"
                + "MemAvailable:    " + availableKb + " kB\n");
    }

    @Test
    void memAvailableWithoutACgroupLimit() throws IOException {
        meminfo(2_000_000);
        Files.writeString(cgroup.resolve("memory.max"), "max\n");
        assertEquals(2_000_000L * 1024, new MemoryBudget(proc, cgroup).availableBytes());
    }

    @Test
    void aContainerLimitLowersIt() throws IOException {
        meminfo(2_000_000);
        Files.writeString(cgroup.resolve("memory.max"), "1073741824\n");
        Files.writeString(cgroup.resolve("memory.current"), "805306368\n");
        assertEquals(268_435_456L, new MemoryBudget(proc, cgroup).availableBytes());
    }

    @Test
    void cgroupV1IsReadToo() throws IOException {
        meminfo(2_000_000);
        Files.createDirectories(cgroup.resolve("memory"));
        Files.writeString(cgroup.resolve("memory/memory.limit_in_bytes"), "536870912\n");
        Files.writeString(cgroup.resolve("memory/memory.usage_in_bytes"), "136870912\n");
        assertEquals(400_000_000L, new MemoryBudget(proc, cgroup).availableBytes());
    }
}
