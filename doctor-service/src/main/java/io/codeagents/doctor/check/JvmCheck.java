package io.codeagents.doctor.check;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.doctor.config.SystemThresholds;
import io.codeagents.doctor.domain.CheckStatus;
import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Uni;

/**
 * The doctor's own JVM: heap still in use after the last collection (live data, not garbage waiting to be collected),
 * threads, version. A JVM near its heap limit spends its time collecting and answers slowly.
 */
@ApplicationScoped
public class JvmCheck implements Check {

    private final SystemThresholds thresholds;

    public JvmCheck(SystemThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public String id() {
        return "system.jvm";
    }

    @Override
    public Uni<Finding> run(CheckContext context) {
        return Uni.createFrom().item(this::inspect);
    }

    private Finding inspect() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        long live = liveHeapAfterGc(heap.getUsed());
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return judge(live, max).detail("heap_used_bytes", heap.getUsed()).detail("gc_count", gcCount)
                .detail("gc_time_ms", gcMillis)
                .detail("threads", ManagementFactory.getThreadMXBean().getThreadCount())
                .detail("uptime_s", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
                .detail("java_version", System.getProperty("java.version"))
                .detail("vm", System.getProperty("java.vm.name"));
    }

    Finding judge(long liveHeap, long maxHeap) {
        int percent = maxHeap <= 0 ? 0 : (int) (liveHeap * 100 / maxHeap);
        CheckStatus status = Levels.above(percent, thresholds.heapWarningPercent(), thresholds.heapCriticalPercent());
        return Finding.of(status,
                "Java " + System.getProperty("java.version") + ", heap " + percent + "% in use after GC ("
                        + Sizes.human(liveHeap) + " of " + Sizes.human(maxHeap) + ")",
                "The doctor's heap is nearly full: give it more memory (JAVA_OPTS -Xmx or the container's limit) "
                        + "or keep fewer reports (doctor.history.keep)")
                .detail("heap_live_bytes", liveHeap).detail("heap_max_bytes", maxHeap).detail("heap_live_percent",
                        percent);
    }

    /** Heap in use after the last collection of each pool that reports it; the current use where none does. */
    private static long liveHeapAfterGc(long currentUse) {
        long afterGc = 0;
        boolean known = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()) {
                MemoryUsage usage = pool.getCollectionUsage();
                if (usage != null && usage.getUsed() > 0) {
                    afterGc += usage.getUsed();
                    known = true;
                }
            }
        }
        return known ? afterGc : currentUse;
    }
}
