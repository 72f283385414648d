package io.codeagents.testkit;

import io.vertx.core.json.JsonObject;

/**
 * How a server misbehaves. Every field is off by default ({@code 0} for delays and statuses, {@code -1} for "after N
 * tokens"). As JSON (control API) the same names in snake_case: {@code latency_ms}, {@code first_token_delay_ms},
 * {@code token_delay_ms}, {@code stall_after_tokens}, {@code error_after_tokens}, {@code drop_after_tokens},
 * {@code fail_status}, {@code fail_times}, {@code garbage}.
 *
 * @param latencyMs wait before answering at all (before the response head)
 * @param firstTokenDelayMs after the response head, wait this long before the first token
 * @param tokenDelayMs wait between tokens
 * @param stallAfterTokens stop sending after N tokens and keep the connection open (a non-streaming answer never comes)
 * @param errorAfterTokens send the protocol's error line/event after N tokens and end the stream
 * @param dropAfterTokens close the connection after N tokens, mid-stream, without a proper end
 * @param failStatus answer this HTTP status (429, 500, 503, …) with the protocol's error body instead of generating
 * @param failTimes fail only the next N requests, then behave; 0 fails every request
 * @param garbage answer 200 with a body that is not the protocol (an HTML page)
 */
public record Behaviour(long latencyMs, long firstTokenDelayMs, long tokenDelayMs, int stallAfterTokens,
        int errorAfterTokens, int dropAfterTokens, int failStatus, int failTimes, boolean garbage) {

    public static final Behaviour NORMAL = new Behaviour(0, 0, 0, -1, -1, -1, 0, 0, false);

    public static Behaviour normal() {
        return NORMAL;
    }

    public Behaviour withLatencyMs(long value) {
        return new Behaviour(value, firstTokenDelayMs, tokenDelayMs, stallAfterTokens, errorAfterTokens,
                dropAfterTokens, failStatus, failTimes, garbage);
    }

    public Behaviour withFirstTokenDelayMs(long value) {
        return new Behaviour(latencyMs, value, tokenDelayMs, stallAfterTokens, errorAfterTokens, dropAfterTokens,
                failStatus, failTimes, garbage);
    }

    public Behaviour withTokenDelayMs(long value) {
        return new Behaviour(latencyMs, firstTokenDelayMs, value, stallAfterTokens, errorAfterTokens, dropAfterTokens,
                failStatus, failTimes, garbage);
    }

    public Behaviour withStallAfterTokens(int tokens) {
        return new Behaviour(latencyMs, firstTokenDelayMs, tokenDelayMs, tokens, errorAfterTokens, dropAfterTokens,
                failStatus, failTimes, garbage);
    }

    public Behaviour withErrorAfterTokens(int tokens) {
        return new Behaviour(latencyMs, firstTokenDelayMs, tokenDelayMs, stallAfterTokens, tokens, dropAfterTokens,
                failStatus, failTimes, garbage);
    }

    public Behaviour withDropAfterTokens(int tokens) {
        return new Behaviour(latencyMs, firstTokenDelayMs, tokenDelayMs, stallAfterTokens, errorAfterTokens, tokens,
                failStatus, failTimes, garbage);
    }

    /** Fail every request with this status. */
    public Behaviour withFailStatus(int status) {
        return withFailStatus(status, 0);
    }

    /** Fail the next {@code times} requests with this status (0: every request). */
    public Behaviour withFailStatus(int status, int times) {
        return new Behaviour(latencyMs, firstTokenDelayMs, tokenDelayMs, stallAfterTokens, errorAfterTokens,
                dropAfterTokens, status, times, garbage);
    }

    public Behaviour withGarbage(boolean value) {
        return new Behaviour(latencyMs, firstTokenDelayMs, tokenDelayMs, stallAfterTokens, errorAfterTokens,
                dropAfterTokens, failStatus, failTimes, value);
    }

    public JsonObject toJson() {
        return new JsonObject().put("latency_ms", latencyMs).put("first_token_delay_ms", firstTokenDelayMs)
                .put("token_delay_ms", tokenDelayMs).put("stall_after_tokens", stallAfterTokens)
                .put("error_after_tokens", errorAfterTokens).put("drop_after_tokens", dropAfterTokens)
                .put("fail_status", failStatus).put("fail_times", failTimes).put("garbage", garbage);
    }

    /** Missing or null fields are off; unknown fields are refused so a typo does not silently do nothing. */
    public static Behaviour parse(String json) {
        JsonObject o;
        try {
            o = new JsonObject(json == null || json.isBlank() ? "{}" : json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid behaviour: " + e.getMessage(), e);
        }
        for (String name : o.fieldNames()) {
            if (!NORMAL.toJson().containsKey(name)) {
                throw new IllegalArgumentException("unknown behaviour field '" + name + "'");
            }
        }
        return new Behaviour(number(o, "latency_ms", 0), number(o, "first_token_delay_ms", 0),
                number(o, "token_delay_ms", 0), (int) number(o, "stall_after_tokens", -1),
                (int) number(o, "error_after_tokens", -1), (int) number(o, "drop_after_tokens", -1),
                (int) number(o, "fail_status", 0), (int) number(o, "fail_times", 0),
                Boolean.TRUE.equals(o.getBoolean("garbage")));
    }

    private static long number(JsonObject o, String name, long off) {
        Object value = o.getValue(name);
        if (value == null) {
            return off;
        }
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException(name + " must be a number");
        }
        return n.longValue();
    }
}
