package io.codeagents.download.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where models are stored (Ollama's layout) and how much of the disk a pull may never take. */
@ConfigMapping(prefix = "download.store")
public interface StoreConfig {

    /** The Ollama models directory ({@code MODELS_DIR}); a leading {@code ~} means the user's home. */
    @WithDefault("~/.codeagents/models")
    String modelsDir();

    /**
     * Free space a pull always leaves on the models volume: checked before a pull starts (against what is left to
     * fetch) and while it runs; below it the pull stops with {@code DL_003}.
     */
    @WithDefault("512M")
    MemorySize reserve();

    /** Partial files younger than this are never treated as orphans (another replica may just have created them). */
    @WithDefault("10M")
    Duration orphanGrace();

    /** Whether the start-up scan deletes partial files no pull refers to. */
    @WithDefault("true")
    boolean cleanOrphansAtStart();
}
