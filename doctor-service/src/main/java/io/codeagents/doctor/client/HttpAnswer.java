package io.codeagents.doctor.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a service answered: status, body and how long it took. */
public record HttpAnswer(String service, String call, int status, String body, long elapsedMs, ObjectMapper mapper) {

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    public JsonNode json() {
        try {
            return body == null || body.isBlank() ? mapper.nullNode() : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ServiceCallFailed(service, call, status, null, "the answer is not JSON", e);
        }
    }

    /** The body as the documented JSON shape; an answer that does not fit is the service's failure, not ours. */
    public <T> T as(Class<T> type) {
        try {
            return mapper.readValue(body, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ServiceCallFailed(service, call, status, null,
                    "the answer is not the documented JSON (" + originalMessage(e) + ")", e);
        }
    }

    private static String originalMessage(Exception e) {
        return e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    }
}
