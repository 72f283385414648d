package io.codeagents.gateway.client;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A generation that has started: the backend accepted the request and produced its first chunk (or finished without
 * one). Failing before this point lets the gateway retry or try the next target; failing after it reaches the client.
 */
public interface TokenStream {

    /** The chunks, the first included; exactly one final chunk ends a successful stream. Subscribe once. */
    Multi<Chunk> chunks();

    /** Runs once when the stream ends in any way: completed, failed or cancelled. */
    void onTermination(Runnable action);

    /** Reads the whole generation into one completion. */
    default Uni<Completion> collect() {
        StringBuilder text = new StringBuilder();
        Chunk[] last = new Chunk[1];
        return chunks().onItem().invoke(chunk -> {
            text.append(chunk.text());
            if (chunk.isLast()) {
                last[0] = chunk;
            }
        }).collect().last().map(ignored -> new Completion(text.toString(),
                last[0] == null ? "stop" : last[0].finishReason(),
                last[0] == null || last[0].usage() == null ? new Usage(0, 0) : last[0].usage()));
    }
}
