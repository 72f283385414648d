package io.codeagents.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.codeagents.testkit.AnswerTokens;
import io.codeagents.testkit.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/** Chat and completions through each backend type, whole and streamed: same text, same usage as the backend's. */
@QuarkusTest
@QuarkusTestResource(ModelServers.class)
class BackendProtocolsTest extends GatewayTestSupport {

    /** Completion tokens each backend reports for {@link #ANSWER}: TGI counts its end-of-text token. */
    private static int completionTokens(String backend) {
        return AnswerTokens.count(ANSWER) + (backend.equals("tgi") ? 1 : 0);
    }

    @ParameterizedTest
    @CsvSource({"ollama/qwen2.5-coder:1.5b,ollama", "tgi/bigcode/starcoder,tgi", "openai/gpt-4o-mini,openai",
            "bigcode/starcoder,tgi"})
    void chatWholeAnswer(String model, String backend) {
        Response response = post("/v1/chat/completions", chatBody(model, false));
        response.then().statusCode(200).contentType("application/json").header("X-Backend",
                equalTo(model.startsWith(backend + "/") ? model : backend + "/" + model))
                .body("object", equalTo("chat.completion"))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].message.content", equalTo(ANSWER))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("usage.completion_tokens", equalTo(completionTokens(backend)));
        if (!backend.equals("tgi")) {
            // Ollama and the OpenAI server count the last user message's words; the gateway passes their figure on
            response.then().body("usage.prompt_tokens", equalTo(3)).body("usage.total_tokens",
                    equalTo(3 + completionTokens(backend)));
        }
    }

    @ParameterizedTest
    @CsvSource({"ollama/qwen2.5-coder:1.5b,ollama", "tgi/bigcode/starcoder,tgi", "openai/gpt-4o-mini,openai"})
    void chatStreamedTextEqualsTheBackends(String model, String backend) {
        JsonObject body = chatBody(model, true).put("stream_options", new JsonObject().put("include_usage", true));
        Response response = post("/v1/chat/completions", body);
        response.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/event-stream"))
                .header("X-Cache", "BYPASS");
        Sse sse = Sse.parse(response.asString());
        assertTrue(sse.endsWithDone(), sse.payloads().toString());
        assertEquals("assistant", sse.chunks().get(0).getJsonArray("choices").getJsonObject(0).getJsonObject("delta")
                .getString("role"));
        assertEquals(ANSWER, sse.text());
        assertEquals(completionTokens(backend), sse.usage().getInteger("completion_tokens"));
        JsonObject last = sse.chunks().get(sse.chunks().size() - 1);
        assertEquals(0, last.getJsonArray("choices").size(), "include_usage adds a usage chunk with no choices");
    }

    @ParameterizedTest
    @CsvSource({"ollama/qwen2.5-coder:1.5b,/api/generate", "tgi/bigcode/starcoder,/generate_stream",
            "openai/gpt-4o-mini,/v1/completions"})
    void completionsReachEachProtocolsPromptEndpoint(String model, String path) {
        JsonObject body = new JsonObject().put("model", model).put("prompt", "def add").put("max_tokens", 3)
                .put("stream", true);
        Sse sse = Sse.parse(post("/v1/completions", body).then().statusCode(200).extract().asString());
        assertEquals("def add(a, b):", sse.text());
        assertEquals("length", sse.chunks().get(sse.chunks().size() - 1).getJsonArray("choices").getJsonObject(0)
                .getString("finish_reason"));
        String backend = model.substring(0, model.indexOf('/'));
        RecordedRequest asked = switch (backend) {
            case "ollama" -> ModelServers.ollama.requests(path).get(0);
            case "tgi" -> ModelServers.tgi.requests(path).get(0);
            default -> ModelServers.openai.requests(path).get(0);
        };
        String limit = switch (backend) {
            case "ollama" -> asked.json().getJsonObject("options").getInteger("num_predict").toString();
            case "tgi" -> asked.json().getJsonObject("parameters").getInteger("max_new_tokens").toString();
            default -> asked.json().getInteger("max_tokens").toString();
        };
        assertEquals("3", limit);
        if (backend.equals("openai")) {
            assertEquals("Bearer " + ModelServers.OPENAI_KEY, asked.header("Authorization"));
        }
    }

    @ParameterizedTest
    @CsvSource({"ollama/qwen2.5-coder:1.5b,/api/chat", "tgi/bigcode/starcoder,/generate_stream",
            "openai/gpt-4o-mini,/v1/chat/completions"})
    void theClientsRequestIdReachesTheBackend(String model, String path) {
        given().contentType(ContentType.JSON).header("X-Request-Id", "trace-" + path.length())
                .body(chatBody(model, false).encode()).post("/v1/chat/completions").then().statusCode(200)
                .header("X-Request-Id", "trace-" + path.length());
        String backend = model.substring(0, model.indexOf('/'));
        List<RecordedRequest> asked = switch (backend) {
            case "ollama" -> ModelServers.ollama.requests(path);
            case "tgi" -> ModelServers.tgi.requests(path);
            default -> ModelServers.openai.requests(path);
        };
        assertEquals("trace-" + path.length(), asked.get(asked.size() - 1).header("X-Request-Id"));
        // without one from the client, the backend gets the id the gateway generated and answered with
        String generated = post("/v1/chat/completions", chatBody(model, true)).then().statusCode(200).extract()
                .header("X-Request-Id");
        List<RecordedRequest> again = switch (backend) {
            case "ollama" -> ModelServers.ollama.requests(path);
            case "tgi" -> ModelServers.tgi.requests(path);
            default -> ModelServers.openai.requests(path);
        };
        assertEquals(generated, again.get(again.size() - 1).header("X-Request-Id"));
    }
}
