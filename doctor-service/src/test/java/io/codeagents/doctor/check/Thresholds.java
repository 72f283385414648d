package io.codeagents.doctor.check;

import io.codeagents.doctor.config.SystemThresholds;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;

/** System thresholds for unit tests of the checks, without starting the application. */
record Thresholds(String modelsDir, double cpuLoadWarningPerCore, double cpuLoadCriticalPerCore,
        int memoryAvailableWarningPercent, int memoryAvailableCriticalPercent, MemorySize diskFreeWarning,
        MemorySize diskFreeCritical, int heapWarningPercent, int heapCriticalPercent) implements SystemThresholds {

    static Thresholds defaults(String modelsDir) {
        return new Thresholds(modelsDir, 2.0, 4.0, 10, 5, size("10G"), size("2G"), 85, 95);
    }

    Thresholds disk(String warning, String critical) {
        return new Thresholds(modelsDir, cpuLoadWarningPerCore, cpuLoadCriticalPerCore, memoryAvailableWarningPercent,
                memoryAvailableCriticalPercent, size(warning), size(critical),
                heapWarningPercent, heapCriticalPercent);
    }

    private static MemorySize size(String text) {
        return new MemorySizeConverter().convert(text);
    }
}
