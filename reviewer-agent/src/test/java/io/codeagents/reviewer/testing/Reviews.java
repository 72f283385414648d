package io.codeagents.reviewer.testing;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Submits reviews the way a client does, over HTTP. */
public final class Reviews {

    private Reviews() {
    }

    /** A review with tests run and no LLM critique. */
    public static ValidatableResponse review(String code, String tests) {
        return post(body(code, tests, true, false));
    }

    /** Static analysis only: no tests run, no LLM. */
    public static ValidatableResponse analyse(String code) {
        return post(body(code, null, false, false));
    }

    public static Map<String, Object> body(String code, String tests, boolean runTests, boolean llmReview) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        if (tests != null) {
            body.put("tests", tests);
        }
        body.put("language", "python");
        body.put("run_tests", runTests);
        body.put("llm_review", llmReview);
        return body;
    }

    public static ValidatableResponse post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(body).post("/review").then();
    }
}
