package io.codeagents.doctor.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How reports are kept ({@code doctor.history.*}). */
@ConfigMapping(prefix = "doctor.history")
public interface HistoryConfig {

    /** Reports kept in PostgreSQL; older ones are deleted as new ones arrive. */
    @WithDefault("2000")
    int keep();

    /** Saving a report never holds the answer longer than this (PostgreSQL may be the very thing that is down). */
    @WithDefault("2s")
    Duration saveTimeout();

    /** How often the doctor runs a full report by itself, so the history shows a trend; "off" to disable. */
    @WithDefault("5m")
    String every();
}
