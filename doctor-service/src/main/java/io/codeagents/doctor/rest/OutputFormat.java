package io.codeagents.doctor.rest;

import java.util.Locale;

import jakarta.ws.rs.core.MediaType;

import io.codeagents.common.error.ApiException;

/** {@code ?format=json|text}. */
enum OutputFormat {
    JSON(MediaType.APPLICATION_JSON), TEXT(MediaType.TEXT_PLAIN + ";charset=utf-8");

    private final String mediaType;

    OutputFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    String mediaType() {
        return mediaType;
    }

    static OutputFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return JSON;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("format", "must be json or text, not '" + value + "'");
        }
    }
}
