package io.codeagents.doctor.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When a pull counts as stalled ({@code doctor.downloads.*}). */
@ConfigMapping(prefix = "doctor.downloads")
public interface DownloadThresholds {

    /** An active pull that made no progress for this long is stalled. */
    @WithDefault("2m")
    Duration stalledAfter();
}
