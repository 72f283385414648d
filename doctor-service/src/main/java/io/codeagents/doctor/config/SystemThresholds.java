package io.codeagents.doctor.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When the machine itself is a problem: CPU load, memory, the models volume and the JVM ({@code doctor.system.*}). */
@ConfigMapping(prefix = "doctor.system")
public interface SystemThresholds {

    /** The model store the download service writes ({@code MODELS_DIR}, shared with it); {@code ~/} is expanded. */
    @WithDefault("~/.codeagents/models")
    String modelsDir();

    /** One-minute load average per core from which the machine counts as busy. */
    @WithDefault("2.0")
    double cpuLoadWarningPerCore();

    @WithDefault("4.0")
    double cpuLoadCriticalPerCore();

    /** Share of memory still available (percent) below which new work risks the OOM killer. */
    @WithDefault("10")
    int memoryAvailableWarningPercent();

    @WithDefault("5")
    int memoryAvailableCriticalPercent();

    /** Free space on the models volume below which a model pull may not fit (a small coder model is 1-5 GB). */
    @WithDefault("10G")
    MemorySize diskFreeWarning();

    @WithDefault("2G")
    MemorySize diskFreeCritical();

    /** Heap still in use after garbage collection, as a percentage of the maximum heap. */
    @WithDefault("85")
    int heapWarningPercent();

    @WithDefault("95")
    int heapCriticalPercent();
}
