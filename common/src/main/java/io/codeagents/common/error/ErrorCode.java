package io.codeagents.common.error;

/**
 * The stable error-code catalogue shared by every service (see ARCHITECTURE.md and the README). A code never changes its
 * meaning once published; new situations get new codes.
 */
public enum ErrorCode {
    MODEL_001(503, "Model not available"), MODEL_002(504, "Model timeout"), MODEL_003(422,
            "Model out of memory or context too long"), MODEL_004(404,
                    "Unknown model"), MODEL_005(502, "Model backend answered with an invalid response"), MODEL_006(429,
                            "Model busy: every generation slot and queue place is taken"),

    GEN_001(502, "Generation failed"), GEN_002(400, "Invalid prompt"), GEN_003(422, "Code extraction failed"),

    REV_001(502, "Review failed"), REV_002(400, "Invalid code"), REV_003(500, "Analysis failed"),

    COMM_001(503, "Agent unavailable"), COMM_002(502, "Network error"), COMM_003(504, "Timeout"),

    VAL_001(400, "Validation failed"), VAL_002(400, "Invalid input"), VAL_003(400, "Missing required field"), VAL_004(413,
            "Request body too large"),

    DL_001(404, "Model not found in registry"), DL_002(502, "Digest mismatch"), DL_003(507, "Disk full"), DL_004(502,
            "Registry error"), DL_005(409, "Pull is not in a state that allows this"), DL_006(500, "Model store error"),

    SBX_001(503, "Sandbox capacity exhausted"), SBX_002(503, "Sandbox unavailable"), SBX_003(500, "Sandbox execution failed"),

    AUTH_001(401, "Unauthenticated"), AUTH_002(403, "Forbidden"), RATE_001(429, "Rate limited"),

    RES_001(404, "Resource not found"), RES_002(409, "Conflict"), REQ_001(405, "Method not allowed"), REQ_002(415,
            "Unsupported media type"), REQ_003(406,
                    "Not acceptable"), SYS_001(500, "Internal error"), SYS_002(503, "Service busy");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    /** The HTTP status this code is answered with. */
    public int status() {
        return status;
    }

    /** Short human title, used as the problem's {@code title}. */
    public String title() {
        return title;
    }

    /** The problem {@code type} URI for this code. */
    public String type() {
        return "urn:codeagents:error:" + name();
    }
}
