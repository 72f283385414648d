package io.codeagents.testkit;

/** How one protocol frames a token stream: each method returns complete frames, separators included. */
interface StreamFrames {

    /** The frame carrying token {@code index}; {@code last} is true for the final token of the generation. */
    String token(int index, String text, boolean last);

    /** The frames that close a complete stream (may be empty when the last token frame already closed it). */
    String end();

    /** The protocol's error frame sent in the middle of a stream. */
    String error(String message);
}
