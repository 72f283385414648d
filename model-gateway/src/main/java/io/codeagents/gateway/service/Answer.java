package io.codeagents.gateway.service;

import io.codeagents.gateway.client.Chunk;
import io.smallrye.mutiny.Multi;

/**
 * What the gateway answers: the chunks of the generation (one text chunk and the final one for a cached or
 * non-streamed answer), which target served it, the model name to report, and the cache result.
 */
public record Answer(Multi<Chunk> chunks, String servedBy, String model, CacheResult cache) {

    public enum CacheResult {
        HIT, MISS, BYPASS
    }
}
