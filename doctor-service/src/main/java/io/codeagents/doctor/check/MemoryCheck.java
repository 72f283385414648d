package io.codeagents.doctor.check;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.doctor.config.SystemThresholds;
import io.codeagents.doctor.domain.CheckStatus;
import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Uni;

/** Memory still available on the machine (or in the container) for models, sandboxes and services. */
@ApplicationScoped
public class MemoryCheck implements Check {

    private final SystemThresholds thresholds;

    public MemoryCheck(SystemThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public String id() {
        return "system.memory";
    }

    @Override
    public Uni<Finding> run(CheckContext context) {
        return OffEventLoop.run(() -> judge(MemorySnapshot.read()));
    }

    Finding judge(MemorySnapshot memory) {
        if (memory.totalBytes() <= 0) {
            return Finding.skipped("memory figures are not available on this platform");
        }
        int percent = memory.availablePercent();
        CheckStatus status = Levels.below(percent, thresholds.memoryAvailableWarningPercent(),
                thresholds.memoryAvailableCriticalPercent());
        String summary = Sizes.human(memory.availableBytes()) + " of " + Sizes.human(memory.totalBytes())
                + " available (" + percent + "%)";
        return Finding.of(status, summary,
                "Little memory is left: a model server loading a model or a sandbox may be killed. Stop other work, "
                        + "use a smaller model (GATEWAY_DEFAULT_MODEL), or give the machine/container more memory")
                .detail("total_bytes", memory.totalBytes()).detail("available_bytes", memory.availableBytes())
                .detail("available_percent", percent).detail("source", memory.source());
    }
}
