package io.codeagents.common.auth;

import java.util.Locale;

/** What an API key may do. */
public enum Scope {
    GENERATE, REVIEW, MODELS, ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope parse(String value) {
        return Scope.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
