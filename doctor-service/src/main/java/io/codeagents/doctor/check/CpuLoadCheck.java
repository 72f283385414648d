package io.codeagents.doctor.check;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.doctor.config.SystemThresholds;
import io.codeagents.doctor.domain.CheckStatus;
import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Uni;

/** The one-minute load average per core of the machine (or container) the doctor runs on. */
@ApplicationScoped
public class CpuLoadCheck implements Check {

    private final SystemThresholds thresholds;

    public CpuLoadCheck(SystemThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public String id() {
        return "system.cpu";
    }

    @Override
    public Uni<Finding> run(CheckContext context) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return Uni.createFrom().item(() -> judge(os.getSystemLoadAverage(), os.getAvailableProcessors()));
    }

    Finding judge(double load, int cores) {
        if (load < 0) {
            return Finding.skipped("the load average is not available on this platform");
        }
        double perCore = load / Math.max(1, cores);
        CheckStatus status = Levels.above(perCore, thresholds.cpuLoadWarningPerCore(),
                thresholds.cpuLoadCriticalPerCore());
        String summary = String.format(Locale.ROOT, "load %.2f on %d core%s (%.2f per core)", load, cores,
                cores == 1 ? "" : "s", perCore);
        return Finding.of(status, summary + (status == CheckStatus.OK ? "" : ": the machine is overloaded"),
                "Generation and sandboxed tests slow down and time out on an overloaded machine: stop other work, "
                        + "give the stack more CPUs, or run fewer generator replicas")
                .detail("load_1m", round(load)).detail("cores", cores).detail("load_per_core", round(perCore))
                .detail("warning_per_core", thresholds.cpuLoadWarningPerCore())
                .detail("critical_per_core", thresholds.cpuLoadCriticalPerCore());
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
