package io.codeagents.gateway.client;

import java.util.function.Consumer;

/** A protocol streamed as server-sent events: only {@code data:} lines carry frames; comments and blanks are skipped. */
abstract class SseDecoder implements FrameDecoder, BackendCall.ErrorBodies {

    protected final String backend;
    protected boolean finished;

    SseDecoder(String backend) {
        this.backend = backend;
    }

    @Override
    public boolean accepts(String contentType) {
        return contentType.startsWith("text/event-stream");
    }

    @Override
    public void decode(String line, Consumer<Chunk> out) {
        String data = HttpModelBackend.sseData(line);
        if (data != null && !data.isBlank()) {
            decodeData(data, out);
        }
    }

    /** Decodes the payload of one {@code data:} line. */
    protected abstract void decodeData(String data, Consumer<Chunk> out);

    @Override
    public boolean finished() {
        return finished;
    }
}
