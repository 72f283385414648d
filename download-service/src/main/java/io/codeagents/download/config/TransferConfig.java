package io.codeagents.download.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How blobs are fetched: parts, parallelism, checkpoints, retries and stall detection. */
@ConfigMapping(prefix = "download.transfer")
public interface TransferConfig {

    /** Blobs are split into parts of this size, each fetched with its own Range request. */
    @WithDefault("32M")
    MemorySize partSize();

    /** Parts of one blob fetched at the same time (one connection each). */
    @WithDefault("8")
    int parallelParts();

    /**
     * A part's progress is written to PostgreSQL at least every this many bytes: what a crash may cost per part in flight
     * (issue #4 allows 8 MiB). Each checkpoint is a transaction on the part's own thread, so fewer is faster.
     */
    @WithDefault("8M")
    MemorySize checkpoint();

    /** A part that received no byte for this long is aborted and fetched again from where it stopped. */
    @WithDefault("20S")
    Duration stallTimeout();

    /** Failed attempts in a row (without any progress in between) before a part, and so the pull, fails. */
    @WithDefault("8")
    int maxRetries();

    @WithDefault("500MS")
    Duration backoffInitial();

    @WithDefault("30S")
    Duration backoffMax();

    /** A blob whose digest does not match is fetched again this many times before the pull fails with DL_002. */
    @WithDefault("2")
    int refetchesOnMismatch();

    /** How often a running pull saves its figures, checks the disk and publishes a progress event. */
    @WithDefault("500MS")
    Duration progressInterval();

    /**
     * The TCP receive buffer of each part's connection ({@code 0}: the kernel's autotuning, up to tens of MiB). Bytes
     * in it are fetched but not yet written, so they are lost on a crash; 2 MiB still fills a 100 ms path at 20 MiB/s
     * per part.
     */
    @WithDefault("2M")
    MemorySize receiveBuffer();

    /** Pulls running at the same time on this replica; more wait in state {@code starting}. */
    @WithDefault("4")
    int maxConcurrentPulls();
}
