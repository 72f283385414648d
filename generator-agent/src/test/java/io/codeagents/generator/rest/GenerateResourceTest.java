package io.codeagents.generator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.codeagents.generator.support.FakeAgents;
import io.codeagents.generator.support.FakeAgentsProfile;
import io.codeagents.generator.support.FakeGateway;
import io.codeagents.generator.support.FakeHttpAgent.Reply;
import io.codeagents.generator.support.WithFakeAgents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

@QuarkusTest
@TestProfile(FakeAgentsProfile.class)
class GenerateResourceTest extends WithFakeAgents {

    @Test
    void generatesCodeAndTestsFromTheModelsAnswer() {
        given().contentType(ContentType.JSON).body(Map.of("task_description", "Add two numbers", "language", "python"))
                .post("/generate").then().statusCode(200)
                .body("code", equalTo(FakeGateway.CORRECT_CODE))
                .body("tests", equalTo(FakeGateway.TESTS))
                .body("language", equalTo("python"))
                .body("model", equalTo("qwen2.5-coder:1.5b"))
                .body("prompt_tokens", equalTo(42))
                .body("completion_tokens", equalTo(17))
                .body("duration_ms", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
        JsonObject sent = FakeAgents.gateway().requests().get(0);
        assertEquals("qwen2.5-coder:1.5b", sent.getString("model"));
        assertEquals(false, sent.getBoolean("stream"));
        String prompt = FakeGateway.promptOf(sent);
        assertTrue(prompt.contains("from solution import"), prompt);
        assertTrue(prompt.contains("pytest"), prompt);
        assertTrue(prompt.contains("Add two numbers"), prompt);
    }

    @Test
    void passesModelAndSamplingThrough() {
        given().contentType(ContentType.JSON)
                .body(Map.of("task_description", "Add", "model", "ollama/codellama:7b", "temperature", 0.7,
                        "max_tokens", 512))
                .post("/generate").then().statusCode(200).body("model", equalTo("ollama/codellama:7b"));
        JsonObject sent = FakeAgents.gateway().requests().get(0);
        assertEquals("ollama/codellama:7b", sent.getString("model"));
        assertEquals(0.7, sent.getDouble("temperature"));
        assertEquals(512, sent.getInteger("max_tokens"));
    }

    @Test
    void answerWithoutCodeIsGen003() {
        FakeAgents.gateway().script(FakeGateway.byPrompt(prompt -> "I am sorry, I cannot write that."));
        given().contentType(ContentType.JSON).body(Map.of("task_description", "Add two numbers")).post("/generate")
                .then().statusCode(422).contentType("application/problem+json").body("error_code", equalTo("GEN_003"));
    }

    @Test
    void gatewayErrorsKeepTheirCode() {
        FakeAgents.gateway().failAlways(Reply.problem(404, "MODEL_004", "Unknown model 'nope'"));
        given().contentType(ContentType.JSON).body(Map.of("task_description", "Add", "model", "nope")).post("/generate")
                .then().statusCode(404).body("error_code", equalTo("MODEL_004"))
                .body("detail", containsString("Unknown model 'nope'"));
        FakeAgents.gateway().failAlways(Reply.problem(503, "MODEL_001", "No backend can serve qwen"));
        given().contentType(ContentType.JSON).body(Map.of("task_description", "Add")).post("/generate").then()
                .statusCode(503).body("error_code", equalTo("MODEL_001"))
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void emptyDescriptionIsGen002() {
        given().contentType(ContentType.JSON).body(Map.of("task_description", "   ")).post("/generate").then()
                .statusCode(400).contentType("application/problem+json").body("error_code", equalTo("GEN_002"))
                .body("violations.field", hasItem("task_description"));
    }

    @Test
    void oneMegabyteDescriptionIsGen002NotBodyLimit() {
        String huge = "x".repeat(1024 * 1024);
        given().contentType(ContentType.JSON).body(Map.of("task_description", huge)).post("/generate").then()
                .statusCode(400).body("error_code", equalTo("GEN_002"))
                .body("detail", containsString("1048576 characters"));
        assertTrue(FakeAgents.gateway().requests().isEmpty());
    }

    @Test
    void unknownLanguageAndOutOfRangeSamplingAre400() {
        given().contentType(ContentType.JSON).body(Map.of("task_description", "Add", "language", "cobol"))
                .post("/generate").then().statusCode(400).body("error_code", equalTo("VAL_001"))
                .body("violations.field", hasItem("language")).body("detail", containsString("python"));
        given().contentType(ContentType.JSON).body(Map.of("task_description", "Add", "max_tokens", 0)).post("/generate")
                .then().statusCode(400).body("violations.field", hasItem("max_tokens"));
        given().contentType(ContentType.JSON).body(Map.of("task_description", "Add", "temperature", 3.5))
                .post("/generate").then().statusCode(400).body("violations.field", hasItem("temperature"));
        given().contentType(ContentType.JSON).body("{\"task_description\": \"Add\", \"max_tokens\": \"many\"}")
                .post("/generate").then().statusCode(400).body("error_code", equalTo("VAL_002"));
        assertTrue(FakeAgents.gateway().requests().isEmpty());
    }
}
