package io.codeagents.generator.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Redis Stream through which tasks are shared by every generator replica. */
@ConfigMapping(prefix = "generator.queue")
public interface TaskQueueConfig {

    /** Stream key. */
    @WithDefault("tasks")
    String stream();

    /** Consumer group all replicas join. */
    @WithDefault("generators")
    String group();

    /** This replica's consumer name; a unique one is generated when unset, so a restarted replica never reuses one. */
    Optional<String> consumer();

    /** Tasks one replica works on at once. */
    @WithDefault("4")
    int concurrency();

    /** A task whose worker has not touched its stream entry for this long is taken over by another replica. */
    @WithDefault("30S")
    Duration claimIdleTimeout();

    /** How often a replica looks for such abandoned tasks. */
    @WithDefault("5S")
    Duration claimInterval();

    /** How long one XREADGROUP waits for new work. */
    @WithDefault("2S")
    Duration readBlock();

    /** Redis pub/sub channel carrying task events to every replica's SSE clients. */
    @WithDefault("generator:task-events")
    String eventsChannel();

    /**
     * A task taken up this many times without finishing (its worker died each time) is failed instead of being handed
     * out again.
     */
    @WithDefault("5")
    int maxClaims();

    /** Whether this replica works on tasks at all (off: it only serves the API). */
    @WithDefault("true")
    boolean workerEnabled();
}
