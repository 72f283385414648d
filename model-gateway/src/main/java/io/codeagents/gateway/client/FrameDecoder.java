package io.codeagents.gateway.client;

import java.util.function.Consumer;

/**
 * Reads one backend protocol's stream, line by line, for one request (decoders keep state: create one per call).
 * Protocol errors and error frames are thrown as {@link BackendFailure}s.
 */
interface FrameDecoder {

    /** Whether a 2xx answer with this content type can be the protocol at all (a HTML page cannot). */
    boolean accepts(String contentType);

    /** Decodes one line (without its line break); emits zero or more chunks. */
    void decode(String line, Consumer<Chunk> out);

    /** True once the protocol's final frame was seen; a stream ending before it was cut off. */
    boolean finished();
}
