package io.codeagents.download.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Redis leases that let one replica at a time download a blob or run a pull. */
@ConfigMapping(prefix = "download.lock")
public interface LockConfig {

    /** A lease not renewed for this long expires, so a crashed replica's work is taken over after at most this. */
    @WithDefault("15S")
    Duration lease();

    /** How often held leases are renewed; well below {@link #lease()}. */
    @WithDefault("5S")
    Duration renewEvery();

    /** How often pulls whose replica died are looked for and adopted. */
    @WithDefault("30S")
    Duration adoptEvery();

    /** This replica's name in lock values and logs; the host name when unset. */
    Optional<String> replicaId();
}
