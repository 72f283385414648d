package io.codeagents.testkit;

import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A request a test server received (control calls excluded), so tests can assert what the model was asked. */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {

    /** The first value of a header, names compared case-insensitively; null when absent. */
    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                .map(e -> e.getValue().get(0)).orElse(null);
    }

    /** The body as a JSON object, or null when it is not one. */
    public JsonObject json() {
        try {
            return body == null || body.isBlank() ? null : new JsonObject(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    JsonObject toJson() {
        JsonObject headerJson = new JsonObject();
        headers.forEach((name, values) -> headerJson.put(name, new JsonArray(values)));
        JsonObject out = new JsonObject().put("method", method).put("path", path).put("headers", headerJson)
                .put("body", body);
        JsonObject parsed = json();
        if (parsed != null) {
            out.put("json", parsed);
        }
        return out;
    }
}
