package io.codeagents.doctor.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.codeagents.common.model.ModelsDir;
import io.codeagents.doctor.domain.CheckStatus;
import io.codeagents.doctor.domain.Finding;

/** The system checks' thresholds: each status is reachable, and the finding says what to do. */
class SystemChecksTest {

    @TempDir
    Path temp;

    @Test
    void cpuLoadIsJudgedPerCore() {
        CpuLoadCheck cpu = new CpuLoadCheck(Thresholds.defaults("/tmp"));
        assertEquals(CheckStatus.OK, cpu.judge(3.0, 2).status());
        Finding busy = cpu.judge(4.0, 2);
        assertEquals(CheckStatus.WARNING, busy.status());
        assertTrue(busy.summary().contains("2.00 per core"), busy.summary());
        assertNotNull(busy.fix());
        assertEquals(CheckStatus.CRITICAL, cpu.judge(9.0, 2).status());
        assertEquals(CheckStatus.SKIPPED, cpu.judge(-1, 2).status());
    }

    @Test
    void memoryIsJudgedOnWhatIsAvailable() {
        MemoryCheck memory = new MemoryCheck(Thresholds.defaults("/tmp"));
        long gib = 1L << 30;
        assertEquals(CheckStatus.OK, memory.judge(new MemorySnapshot(16 * gib, 8 * gib, "test")).status());
        assertEquals(CheckStatus.WARNING, memory.judge(new MemorySnapshot(100 * gib, 9 * gib, "test")).status());
        Finding critical = memory.judge(new MemorySnapshot(100 * gib, 4 * gib, "test"));
        assertEquals(CheckStatus.CRITICAL, critical.status());
        assertTrue(critical.summary().startsWith("4.0 GiB of 100.0 GiB available (4%)"), critical.summary());
    }

    @Test
    void meminfoAndCgroupLimitsAreRead() throws Exception {
        Path meminfo = temp.resolve("meminfo");
        Files.writeString(meminfo, "MemTotal:       16000000 kB\nMemFree:         1000000 kB\nMemAvailable:    8000000 kB\n");
        MemorySnapshot host = MemorySnapshot.fromMeminfo(meminfo);
        assertEquals(16_000_000L * 1024, host.totalBytes());
        assertEquals(50, host.availablePercent());

        Path cgroup = Files.createDirectories(temp.resolve("cgroup"));
        Files.writeString(cgroup.resolve("memory.max"), "1073741824\n");
        Files.writeString(cgroup.resolve("memory.current"), "900000000\n");
        Files.writeString(cgroup.resolve("memory.stat"), "anon 700000000\ninactive_file 100000000\n");
        MemorySnapshot container = MemorySnapshot.fromCgroup(cgroup);
        assertEquals(1073741824L, container.totalBytes());
        assertEquals(1073741824L - 800000000L, container.availableBytes());
        Files.writeString(cgroup.resolve("memory.max"), "max\n");
        assertNull(MemorySnapshot.fromCgroup(cgroup), "no limit: the host's figures count");
    }

    @Test
    void theModelsVolumeIsJudgedOnFreeSpace() throws Exception {
        Path models = Files.createDirectories(temp.resolve("models/blobs")).getParent();
        Files.writeString(models.resolve("blobs/sha256-abc"), "12345");
        Finding roomy = new ModelsDiskCheck(Thresholds.defaults(models.toString()).disk("1K", "1")).inspect();
        assertEquals(CheckStatus.OK, roomy.status(), roomy.summary());
        assertEquals(1L, roomy.details().get("blob_count"));
        assertEquals(5L, roomy.details().get("blob_bytes"));
        Finding full = new ModelsDiskCheck(Thresholds.defaults(models.toString()).disk("1000P", "1K")).inspect();
        assertEquals(CheckStatus.WARNING, full.status());
        assertTrue(full.fix().contains("DELETE /models/{model}"));
        Finding critical = new ModelsDiskCheck(Thresholds.defaults(models.toString()).disk("2000P", "1000P")).inspect();
        assertEquals(CheckStatus.CRITICAL, critical.status());
    }

    @Test
    void aModelsDirThatDoesNotExistYetIsAWarning() {
        Finding missing = new ModelsDiskCheck(Thresholds.defaults(temp.resolve("not/yet").toString()).disk("1K", "1"))
                .inspect();
        assertEquals(CheckStatus.WARNING, missing.status());
        assertTrue(missing.summary().contains("does not exist yet"), missing.summary());
        assertTrue(missing.fix().contains("MODELS_DIR"));
    }

    @Test
    void tildeIsExpanded() {
        assertEquals(Path.of(System.getProperty("user.home"), ".codeagents/models"),
                ModelsDir.resolve("~/.codeagents/models"));
    }

    @Test
    void levelsCompareBothWays() {
        assertEquals(CheckStatus.OK, Levels.above(1, 2, 3));
        assertEquals(CheckStatus.WARNING, Levels.above(2, 2, 3));
        assertEquals(CheckStatus.CRITICAL, Levels.above(3, 2, 3));
        assertEquals(CheckStatus.OK, Levels.below(10, 5, 2));
        assertEquals(CheckStatus.WARNING, Levels.below(4, 5, 2));
        assertEquals(CheckStatus.CRITICAL, Levels.below(1, 5, 2));
    }
}
